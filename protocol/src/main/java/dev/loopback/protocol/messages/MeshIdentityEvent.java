package dev.loopback.protocol.messages;

/**
 * The host's mesh identity, sent after each hello and whenever it changes: the public half of the
 * WireGuard key the agent generated on the host (the private half never leaves it) and the UDP port
 * its interface listens on. With them, the revision the interface runs and its hash (null when it
 * runs none, or the agent is older): a host that reconnects with the revision the control plane
 * wants is not sent it again, and one on an older revision gets a delta from that one.
 */
public record MeshIdentityEvent(String publicKey, int listenPort, Long runningRevision, String runningHash) implements Message {
  public MeshIdentityEvent(String publicKey, int listenPort) {
    this(publicKey, listenPort, null, null);
  }
}
