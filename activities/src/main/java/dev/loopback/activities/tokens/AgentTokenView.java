package dev.loopback.activities.tokens;

import dev.loopback.db.tokens.AgentToken;
import java.time.Instant;
import java.util.UUID;

/** A token as operators see it: everything but the secret. {@code prefix} identifies it in logs. */
public record AgentTokenView(
    UUID id,
    UUID workspaceId,
    String prefix,
    String description,
    TokenLifetime lifetime,
    TokenState state,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Integer maxUses,
    int uses,
    Instant lastUsedAt,
    Instant revokedAt,
    String revokedBy,
    boolean rotationDue) {

  static AgentTokenView of(AgentToken token, Instant now) {
    return new AgentTokenView(
        token.id(),
        token.workspaceId(),
        AgentTokens.PREFIX + "_" + token.lookup(),
        token.description(),
        TokenLifetime.fromWireName(token.lifetime()),
        stateOf(token, now),
        token.createdAt(),
        token.createdBy(),
        token.expiresAt(),
        token.maxUses(),
        token.uses(),
        token.lastUsedAt(),
        token.revokedAt(),
        token.revokedBy(),
        token.rotationDueAt() != null);
  }

  /** Revoked wins over expired, expired over exhausted: the most deliberate reason first. */
  static TokenState stateOf(AgentToken token, Instant now) {
    if (token.revokedAt() != null) {
      return TokenState.REVOKED;
    }
    if (!token.expiresAt().isAfter(now)) {
      return TokenState.EXPIRED;
    }
    if (token.maxUses() != null && token.uses() >= token.maxUses()) {
      return TokenState.EXHAUSTED;
    }
    return TokenState.ACTIVE;
  }
}
