package dev.loopback.activities.access;

import dev.loopback.db.tenancy.ApiKey;
import java.time.Instant;
import java.util.UUID;

/** An API key as its owner and admins see it: everything but the secret. */
public record ApiKeyView(
    UUID id, UUID userId, String prefix, String description, Instant createdAt, Instant expiresAt, Instant revokedAt) {

  static ApiKeyView of(ApiKey key) {
    return new ApiKeyView(key.id(), key.userId(), ApiKeys.PREFIX + "_" + key.lookup(), key.description(),
        key.createdAt(), key.expiresAt(), key.revokedAt());
  }
}
