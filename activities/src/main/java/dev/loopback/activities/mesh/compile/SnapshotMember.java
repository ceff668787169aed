package dev.loopback.activities.mesh.compile;

import java.util.UUID;

/**
 * A host in a network snapshot: its overlay address and, once its agent reported them, its public
 * key and WireGuard port. {@code endpointHost} is the underlay address peers send to (null: peers
 * learn it from the host's first handshake).
 */
public record SnapshotMember(UUID hostId, String address, String publicKey, int listenPort, String endpointHost) {
  /** A host without a key cannot be anyone's peer yet. */
  public boolean hasKey() {
    return publicKey != null;
  }

  public String endpoint() {
    if (endpointHost == null || !hasKey()) {
      return null;
    }
    return (endpointHost.contains(":") ? "[" + endpointHost + "]" : endpointHost) + ":" + listenPort;
  }
}
