package dev.loopback.db.tokens;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An agent install token of one workspace. Only the SHA-256 of the secret is kept; {@code lookup}
 * is the public part of the token that finds the row.
 */
@Table("agent_tokens")
public record AgentToken(
    @Id UUID id,
    UUID workspaceId,
    String lookup,
    byte[] secretHash,
    String description,
    String lifetime,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Integer maxUses,
    int uses,
    Instant lastUsedAt,
    Instant revokedAt,
    String revokedBy,
    Instant expiredAt,
    Instant rotationDueAt,
    /** Set when the token was minted for one pre-registered host: enrolling with it claims that host. */
    UUID hostId) {}
