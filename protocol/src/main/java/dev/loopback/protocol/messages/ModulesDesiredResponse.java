package dev.loopback.protocol.messages;

import java.util.List;

/**
 * What the agent did: the state of every module it runs after the request, and for each listed
 * module it could not take, why ({@code "<module>: <field>: <reason>"}); nothing changed for those.
 */
public record ModulesDesiredResponse(List<ModuleState> modules, List<String> refusals) implements Message {
}
