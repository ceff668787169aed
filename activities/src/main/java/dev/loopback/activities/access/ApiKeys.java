package dev.loopback.activities.access;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.secrets.BearerSecret;
import dev.loopback.db.tenancy.ApiKey;
import dev.loopback.db.tenancy.ApiKeyRepository;
import dev.loopback.db.tenancy.RoleBinding;
import dev.loopback.db.tenancy.RoleBindingRepository;
import dev.loopback.db.tenancy.UserAccount;
import dev.loopback.db.tenancy.UserAccountRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ApiKeys {

  /** Secret-scanner prefix of every API key. */
  public static final String PREFIX = "lbk";

  static final Duration MAX_LIFETIME = Duration.ofDays(3650);

  private final ApiKeyRepository keys;
  private final UserAccountRepository users;
  private final RoleBindingRepository bindings;
  private final JdbcAggregateTemplate template;
  private final AuditLog audit;
  private final Clock clock;

  ApiKeys(ApiKeyRepository keys, UserAccountRepository users, RoleBindingRepository bindings,
      JdbcAggregateTemplate template, AuditLog audit, Clock clock) {
    this.keys = keys;
    this.users = users;
    this.bindings = bindings;
    this.template = template;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public Authentication authenticate(String presented) {
    Optional<BearerSecret> parsed = BearerSecret.parse(PREFIX, presented);
    if (parsed.isEmpty()) {
      return new Authentication.Rejected("the bearer token is not a Loopback API key (expected " + PREFIX + "_…)");
    }
    Optional<ApiKey> found = keys.findByLookup(parsed.get().lookup());
    if (found.isEmpty() || !parsed.get().matches(found.get().secretHash())) {
      return new Authentication.Rejected("unknown API key");
    }
    ApiKey key = found.get();
    if (key.revokedAt() != null) {
      return new Authentication.Rejected("the API key was revoked");
    }
    if (key.expiresAt() != null && !key.expiresAt().isAfter(clock.instant())) {
      return new Authentication.Rejected("the API key has expired");
    }
    return new Authentication.Authenticated(callerOf(users.findById(key.userId()).orElseThrow(), key));
  }

  /**
   * @param expiresIn null for a key that does not expire
   */
  @Transactional
  public CreatedApiKey create(UUID organizationId, UUID userId, String description, Duration expiresIn, Actor actor) {
    UserAccount user = user(organizationId, userId);
    if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_LIFETIME) > 0)) {
      throw new InvalidFieldException("expiresIn", "expiresIn must be positive and at most " + MAX_LIFETIME.toDays() + " days, e.g. P30D");
    }
    String text = description == null ? "" : description.strip();
    if (text.length() > 200) {
      throw new InvalidFieldException("description", "description must be at most 200 characters");
    }
    BearerSecret secret = BearerSecret.generate(PREFIX);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ApiKey key = template.insert(new ApiKey(UUID.randomUUID(), user.id(), secret.lookup(), secret.hash(), text, now,
        expiresIn == null ? null : now.plus(expiresIn), null));
    audit.append(actor, AuditEntry.success(organizationId, null, "apikey.create", "user:" + user.name(),
        "key " + PREFIX + "_" + key.lookup() + (key.expiresAt() == null ? " (no expiry)" : " expires " + key.expiresAt())));
    return new CreatedApiKey(ApiKeyView.of(key), secret.value());
  }

  @Transactional(readOnly = true)
  public List<ApiKeyView> list(UUID organizationId, UUID userId) {
    return keys.findByUserIdOrderByCreatedAt(user(organizationId, userId).id()).stream().map(ApiKeyView::of).toList();
  }

  @Transactional
  public ApiKeyView revoke(UUID organizationId, UUID userId, UUID keyId, Actor actor) {
    UserAccount user = user(organizationId, userId);
    ApiKey key = keys.findById(keyId).filter(k -> k.userId().equals(user.id()))
        .orElseThrow(() -> new NotFoundException("API key " + keyId));
    if (keys.revoke(key.id(), clock.instant()) == 1) {
      audit.append(actor, AuditEntry.success(organizationId, null, "apikey.revoke", "user:" + user.name(),
          "key " + PREFIX + "_" + key.lookup()));
    }
    return ApiKeyView.of(keys.findById(key.id()).orElseThrow());
  }

  private Caller callerOf(UserAccount user, ApiKey key) {
    Optional<Role> organizationRole = Optional.empty();
    Map<UUID, Role> workspaceRoles = new HashMap<>();
    for (RoleBinding binding : bindings.findByUserId(user.id())) {
      Role role = Role.fromWireName(binding.role()).orElseThrow();
      if (binding.workspaceId() == null) {
        organizationRole = Optional.of(role);
      } else {
        workspaceRoles.put(binding.workspaceId(), role);
      }
    }
    return new Caller(user.id(), user.name(), user.organizationId(), key.lookup(), organizationRole, Map.copyOf(workspaceRoles));
  }

  private UserAccount user(UUID organizationId, UUID userId) {
    return users.findById(userId).filter(u -> u.organizationId().equals(organizationId))
        .orElseThrow(() -> new NotFoundException("user " + userId));
  }
}
