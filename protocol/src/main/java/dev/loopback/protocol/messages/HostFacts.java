package dev.loopback.protocol.messages;

import java.util.List;

/** What a host says about itself. Addresses are the host's own interface addresses, as text. */
public record HostFacts(String hostname, String os, String kernel, String architecture, List<String> addresses) {
}
