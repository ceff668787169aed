package dev.loopback.activities.tokens;

import java.util.UUID;

/** The answer to a presented token: its workspace, or a precise refusal. */
public sealed interface TokenValidation {

  /** {@code hostId} is set for a token minted for one pre-registered host. */
  record Accepted(UUID tokenId, UUID workspaceId, UUID organizationId, UUID hostId) implements TokenValidation {}

  record Refused(TokenRefusal reason) implements TokenValidation {}
}
