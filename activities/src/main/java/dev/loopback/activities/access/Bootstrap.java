package dev.loopback.activities.access;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.db.tenancy.Organization;
import dev.loopback.db.tenancy.OrganizationRepository;
import dev.loopback.db.tenancy.Workspace;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** First start: an organization, a workspace and an owner with one API key, created exactly once. */
@Service
public class Bootstrap {

  static final String NAME = "default";
  static final String OWNER = "owner";

  private final OrganizationRepository organizations;
  private final Directory directory;
  private final ApiKeys apiKeys;
  private final JdbcAggregateTemplate template;
  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Clock clock;

  Bootstrap(OrganizationRepository organizations, Directory directory, ApiKeys apiKeys, JdbcAggregateTemplate template,
      JdbcClient jdbc, AuditLog audit, Clock clock) {
    this.organizations = organizations;
    this.directory = directory;
    this.apiKeys = apiKeys;
    this.template = template;
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
  }

  /** Empty when an organization exists already, so the key is never made (or shown) twice. */
  @Transactional
  public Optional<BootstrapCredentials> initializeIfEmpty() {
    // Several replicas may start together against one database: only one may bootstrap.
    jdbc.sql("SELECT pg_advisory_xact_lock(7402019)").query().singleValue();
    if (organizations.count() > 0) {
      return Optional.empty();
    }
    Actor actor = Actor.system("bootstrap", "bootstrap-" + UUID.randomUUID());
    Organization organization = template.insert(
        new Organization(UUID.randomUUID(), NAME, clock.instant().truncatedTo(ChronoUnit.MICROS)));
    audit.append(actor, AuditEntry.success(organization.id(), null, "organization.bootstrap", "organization:" + NAME,
        "first start: organization, workspace and owner created"));
    Workspace workspace = directory.createWorkspace(organization.id(), NAME, null, actor);
    var owner = directory.createUser(organization.id(), OWNER, actor);
    directory.bind(organization.id(), null, owner.id(), Role.OWNER, Role.OWNER, actor);
    CreatedApiKey key = apiKeys.create(organization.id(), owner.id(), "bootstrap owner key", null, actor);
    return Optional.of(new BootstrapCredentials(organization.id(), workspace.id(), owner.id(), key.secret()));
  }
}
