package dev.loopback.api.tokens;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.tokens.AgentTokenView;
import dev.loopback.activities.tokens.AgentTokens;
import dev.loopback.activities.tokens.MintTokenRequest;
import dev.loopback.activities.tokens.MintedToken;
import dev.loopback.activities.tokens.TokenLifetime;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Agent install tokens of a workspace: mint, list and revoke are three separate capabilities. */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/agent-tokens")
class AgentTokensController {

  private final AgentTokens tokens;

  AgentTokensController(AgentTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * @param lifetime {@code short-lived} (default) or {@code long-lived}
   * @param ttl ISO-8601 duration, e.g. {@code PT2H}; absent for the lifetime's default
   * @param maxUses absent for unlimited uses until expiry
   */
  record MintAgentTokenRequest(String description, TokenLifetime lifetime, Duration ttl, Integer maxUses) {}

  /** The response is the only time the token's secret is shown. */
  @Requires(Capability.TOKENS_MINT)
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  MintedToken mint(RequestAccess access, @PathVariable UUID workspaceId, @RequestBody MintAgentTokenRequest request) {
    return tokens.mint(workspaceId,
        new MintTokenRequest(request.description(), request.lifetime(), request.ttl(), request.maxUses()), access.actor());
  }

  @Requires(Capability.TOKENS_LIST)
  @GetMapping
  List<AgentTokenView> list(@PathVariable UUID workspaceId) {
    return tokens.list(workspaceId);
  }

  @Requires(Capability.TOKENS_LIST)
  @GetMapping("/{tokenId}")
  AgentTokenView get(@PathVariable UUID workspaceId, @PathVariable UUID tokenId) {
    return tokens.get(workspaceId, tokenId);
  }

  @Requires(Capability.TOKENS_REVOKE)
  @PostMapping("/{tokenId}/revoke")
  AgentTokenView revoke(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID tokenId) {
    return tokens.revoke(workspaceId, tokenId, access.actor());
  }
}
