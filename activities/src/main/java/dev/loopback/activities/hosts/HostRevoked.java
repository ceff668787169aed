package dev.loopback.activities.hosts;

import java.util.UUID;

/**
 * Published when a host is revoked, inside the revoking transaction, so the replica holding the
 * host's channel can drop it at once (its certificate is refused from the next handshake on anyway).
 * Listeners that act on the outside world should use
 * {@code @TransactionalEventListener(phase = AFTER_COMMIT)}: a revocation that rolls back drops nothing.
 */
public record HostRevoked(UUID hostId) {
}
