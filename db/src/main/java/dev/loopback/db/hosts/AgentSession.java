package dev.loopback.db.hosts;

import java.time.Instant;
import java.util.UUID;

/** One agent's live channel: which control-plane replica holds it, since when, from where. */
public record AgentSession(UUID hostId, UUID sessionId, String replicaId, String remoteAddress, Instant connectedAt) {
}
