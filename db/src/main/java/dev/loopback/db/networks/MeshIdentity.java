package dev.loopback.db.networks;

import java.time.Instant;
import java.util.UUID;

/**
 * The public key and WireGuard port an agent reported for its host, and where peers reach it:
 * {@code endpointHost} is the address the agent connects from, {@code endpointOverride} what an
 * operator set instead (both may be null).
 */
public record MeshIdentity(UUID hostId, String publicKey, int listenPort, String endpointHost, String endpointOverride, Instant updatedAt) {
  public String endpoint() {
    return endpointOverride != null ? endpointOverride : endpointHost;
  }
}
