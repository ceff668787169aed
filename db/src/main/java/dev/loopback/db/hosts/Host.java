package dev.loopback.db.hosts;

import java.time.Instant;
import java.util.UUID;

/**
 * A host row as stored. JSON columns ({@code labels}, {@code facts}, {@code modules}) travel as JSON
 * text; the activities layer owns their shape. {@code session} is the live channel, if any.
 */
public record Host(
    UUID id,
    UUID organizationId,
    UUID workspaceId,
    String name,
    String lifecycle,
    String labelsJson,
    String agentVersion,
    Integer protocolVersion,
    String factsJson,
    String modulesJson,
    Long uptimeSeconds,
    Instant createdAt,
    Instant enrolledAt,
    UUID enrolledWith,
    Instant lastSeenAt,
    Instant revokedAt,
    String revokedBy,
    AgentSession session) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
