package dev.loopback.protocol.messages;

/**
 * The host's mesh identity, sent after each hello and whenever it changes: the public half of the
 * WireGuard key the agent generated on the host (the private half never leaves it) and the UDP port
 * its interface listens on.
 */
public record MeshIdentityEvent(String publicKey, int listenPort) implements Message {
}
