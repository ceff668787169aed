package dev.loopback.protocol.messages;

import java.util.List;

/**
 * The modules the host should run, all of them: a module the agent runs that is not listed is
 * stopped. The agent fetches and verifies a release it does not have, installs it beside the
 * versions it has and activates it; a package it refuses changes nothing for that module.
 */
public record ModulesDesiredRequest(List<DesiredModule> modules) implements Message {
}
