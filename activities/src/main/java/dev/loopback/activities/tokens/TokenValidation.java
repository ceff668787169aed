package dev.loopback.activities.tokens;

import java.util.UUID;

/** The answer to a presented token: its workspace, or a precise refusal. */
public sealed interface TokenValidation {

  record Accepted(UUID tokenId, UUID workspaceId, UUID organizationId) implements TokenValidation {}

  record Refused(TokenRefusal reason) implements TokenValidation {}
}
