package dev.loopback.activities.tokens;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.Outcome;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.secrets.BearerSecret;
import dev.loopback.db.tenancy.Workspace;
import dev.loopback.db.tenancy.WorkspaceRepository;
import dev.loopback.db.tokens.AgentToken;
import dev.loopback.db.tokens.AgentTokenRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class AgentTokens {

  /** Secret-scanner prefix of every agent token. */
  public static final String PREFIX = "lbt";

  static final int MAX_DESCRIPTION_LENGTH = 200;

  private final AgentTokenRepository tokens;
  private final WorkspaceRepository workspaces;
  private final JdbcAggregateTemplate template;
  private final AuditLog audit;
  private final TokenPolicy policy;
  private final Clock clock;

  AgentTokens(
      AgentTokenRepository tokens,
      WorkspaceRepository workspaces,
      JdbcAggregateTemplate template,
      AuditLog audit,
      TokenPolicy policy,
      Clock clock) {
    this.tokens = tokens;
    this.workspaces = workspaces;
    this.template = template;
    this.audit = audit;
    this.policy = policy;
    this.clock = clock;
  }

  @Transactional
  public MintedToken mint(UUID workspaceId, MintTokenRequest request, Actor actor) {
    return mint(workspaceId, request, null, actor);
  }

  /** A token bound to one pre-registered host: enrolling with it claims that host (see the bring-up). */
  @Transactional
  public MintedToken mint(UUID workspaceId, MintTokenRequest request, UUID hostId, Actor actor) {
    Workspace workspace = workspace(workspaceId);
    TokenLifetime lifetime = request.lifetime() == null ? TokenLifetime.SHORT_LIVED : request.lifetime();
    Duration ttl = checkedTtl(lifetime, request.ttl());
    Integer maxUses = checkedMaxUses(request.maxUses());
    String description = checkedDescription(request.description());

    BearerSecret secret = BearerSecret.generate(PREFIX);
    Instant now = now();
    AgentToken token =
        template.insert(
            new AgentToken(UUID.randomUUID(), workspace.id(), secret.lookup(), secret.hash(), description,
                lifetime.wireName(), now, actor.name(), now.plus(ttl), maxUses, 0, null, null, null, null, null, hostId));
    audit.append(actor, AuditEntry.success(workspace.organizationId(), workspace.id(), "token.mint", target(token),
        "lifetime=" + lifetime.wireName() + " ttl=" + ttl + " maxUses=" + (maxUses == null ? "unlimited" : maxUses)
            + " prefix=" + PREFIX + "_" + token.lookup() + (hostId == null ? "" : " host=" + hostId)));
    return new MintedToken(AgentTokenView.of(token, now), secret.value());
  }

  @Transactional(readOnly = true)
  public List<AgentTokenView> list(UUID workspaceId) {
    Instant now = now();
    return tokens.findByWorkspaceIdOrderByCreatedAtDesc(workspace(workspaceId).id()).stream()
        .map(token -> AgentTokenView.of(token, now))
        .toList();
  }

  @Transactional(readOnly = true)
  public AgentTokenView get(UUID workspaceId, UUID tokenId) {
    return AgentTokenView.of(token(workspaceId, tokenId), now());
  }

  /** Revokes the token; revoking a revoked token changes nothing and is not audited twice. */
  @Transactional
  public AgentTokenView revoke(UUID workspaceId, UUID tokenId, Actor actor) {
    Workspace workspace = workspace(workspaceId);
    AgentToken token = token(workspaceId, tokenId);
    Instant now = now();
    if (tokens.revoke(token.id(), now, actor.name()) == 1) {
      audit.append(actor, AuditEntry.success(workspace.organizationId(), workspace.id(), "token.revoke", target(token),
          "prefix=" + PREFIX + "_" + token.lookup()));
    }
    return AgentTokenView.of(tokens.findById(token.id()).orElseThrow(), now);
  }

  /**
   * The agent channel's check of a presented install token: accepts it and counts one use, or says
   * precisely why not. Counting is one conditional UPDATE, so concurrent joins can never use a
   * token more often than it allows.
   */
  @Transactional
  public TokenValidation redeem(String presented, Actor actor) {
    Optional<BearerSecret> parsed = BearerSecret.parse(PREFIX, presented);
    Optional<AgentToken> found = parsed.flatMap(secret -> tokens.findByLookup(secret.lookup()));
    if (found.isEmpty() || !parsed.get().matches(found.get().secretHash())) {
      return new TokenValidation.Refused(TokenRefusal.UNKNOWN);
    }
    AgentToken token = found.get();
    Workspace workspace = workspace(token.workspaceId());
    Instant now = now();
    if (tokens.consumeUse(token.id(), now) == 0) {
      // The conditional UPDATE is the authority: no use counted means refused, whatever a re-read says.
      TokenState state = AgentTokenView.stateOf(tokens.findById(token.id()).orElseThrow(), now);
      TokenRefusal reason = state == TokenState.ACTIVE ? TokenRefusal.EXHAUSTED : TokenRefusal.valueOf(state.name());
      audit.append(actor, new AuditEntry(workspace.organizationId(), workspace.id(), "token.redeem", target(token),
          Outcome.REFUSED, reason.name().toLowerCase(Locale.ROOT)));
      return new TokenValidation.Refused(reason);
    }
    audit.append(actor, AuditEntry.success(workspace.organizationId(), workspace.id(), "token.redeem", target(token), ""));
    return new TokenValidation.Accepted(token.id(), workspace.id(), workspace.organizationId(), token.hostId());
  }

  /**
   * Whose token this is, without using it: lets a refusal that happens before redemption (wrong
   * protocol version, bad CSR) be audited in the right organization. Empty for unknown tokens.
   */
  @Transactional(readOnly = true)
  public Optional<TokenValidation.Accepted> identify(String presented) {
    Optional<BearerSecret> parsed = BearerSecret.parse(PREFIX, presented);
    return parsed.flatMap(secret -> tokens.findByLookup(secret.lookup()))
        .filter(token -> parsed.get().matches(token.secretHash()))
        .map(token -> new TokenValidation.Accepted(token.id(), token.workspaceId(),
            workspace(token.workspaceId()).organizationId(), token.hostId()));
  }

  private Duration checkedTtl(TokenLifetime lifetime, Duration requested) {
    Duration ttl = requested == null ? policy.defaultTtl(lifetime) : requested;
    if (ttl.isNegative() || ttl.isZero()) {
      throw new InvalidFieldException("ttl", "ttl must be positive, e.g. PT1H");
    }
    if (ttl.compareTo(policy.maxTtl(lifetime)) > 0) {
      throw new InvalidFieldException("ttl",
          "ttl " + ttl + " exceeds the maximum for " + lifetime.wireName() + " tokens (" + policy.maxTtl(lifetime) + ")");
    }
    return ttl;
  }

  private Integer checkedMaxUses(Integer maxUses) {
    if (maxUses != null && (maxUses < 1 || maxUses > policy.maxUsesLimit())) {
      throw new InvalidFieldException("maxUses", "maxUses must be between 1 and " + policy.maxUsesLimit() + ", or absent for unlimited");
    }
    return maxUses;
  }

  private static String checkedDescription(String description) {
    String trimmed = description == null ? "" : description.strip();
    if (trimmed.length() > MAX_DESCRIPTION_LENGTH) {
      throw new InvalidFieldException("description", "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
    }
    return trimmed;
  }

  private Workspace workspace(UUID workspaceId) {
    return workspaces.findById(workspaceId).orElseThrow(() -> new NotFoundException("workspace " + workspaceId));
  }

  private AgentToken token(UUID workspaceId, UUID tokenId) {
    return tokens.findByIdAndWorkspaceId(tokenId, workspaceId).orElseThrow(() -> new NotFoundException("agent token " + tokenId));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static String target(AgentToken token) {
    return "agent-token:" + token.id();
  }
}
