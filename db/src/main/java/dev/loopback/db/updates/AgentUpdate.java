package dev.loopback.db.updates;

import java.time.Instant;
import java.util.UUID;

/** An agent update as stored; {@code fromVersion} and {@code runningVersion} null when unknown. */
public record AgentUpdate(UUID id, UUID organizationId, UUID workspaceId, UUID hostId, String fromVersion, String toVersion,
    String channel, int checkInSeconds, String status, String runningVersion, String reason, String requestedBy, Instant requestedAt,
    Instant finishedAt) {
}
