package dev.loopback.db.tenancy;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An API key: only the SHA-256 of its secret is kept; {@code lookup} is its public part. */
@Table("api_keys")
public record ApiKey(
    @Id UUID id,
    UUID userId,
    String lookup,
    byte[] secretHash,
    String description,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt) {}
