package dev.loopback.db.networks;

import java.time.Instant;
import java.util.UUID;

/** The public key and WireGuard port an agent reported for its host. */
public record MeshIdentity(UUID hostId, String publicKey, int listenPort, Instant updatedAt) {
}
