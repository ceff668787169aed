package dev.loopback.activities.access;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.db.tenancy.RoleBinding;
import dev.loopback.db.tenancy.RoleBindingRepository;
import dev.loopback.db.tenancy.UserAccount;
import dev.loopback.db.tenancy.UserAccountRepository;
import dev.loopback.db.tenancy.Workspace;
import dev.loopback.db.tenancy.WorkspaceRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who belongs where: workspaces, users and role bindings of an organization. */
@Service
public class Directory {

  static final int DEFAULT_TOKEN_ROTATION_DAYS = 90;

  private final WorkspaceRepository workspaces;
  private final UserAccountRepository users;
  private final RoleBindingRepository bindings;
  private final JdbcAggregateTemplate template;
  private final AuditLog audit;
  private final Clock clock;

  Directory(WorkspaceRepository workspaces, UserAccountRepository users, RoleBindingRepository bindings,
      JdbcAggregateTemplate template, AuditLog audit, Clock clock) {
    this.workspaces = workspaces;
    this.users = users;
    this.bindings = bindings;
    this.template = template;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  public Workspace createWorkspace(UUID organizationId, String name, Integer tokenRotationDays, Actor actor) {
    Names.checked("name", name);
    int rotationDays = tokenRotationDays == null ? DEFAULT_TOKEN_ROTATION_DAYS : tokenRotationDays;
    if (rotationDays < 1 || rotationDays > 3650) {
      throw new InvalidFieldException("tokenRotationDays", "tokenRotationDays must be between 1 and 3650");
    }
    if (workspaces.findByOrganizationIdAndName(organizationId, name).isPresent()) {
      throw new ConflictException("a workspace named '" + name + "' already exists");
    }
    Workspace workspace = template.insert(new Workspace(UUID.randomUUID(), organizationId, name, rotationDays, now()));
    audit.append(actor, AuditEntry.success(organizationId, workspace.id(), "workspace.create", "workspace:" + name,
        "tokenRotationDays=" + rotationDays));
    return workspace;
  }

  @Transactional(readOnly = true)
  public List<Workspace> workspaces(UUID organizationId) {
    return workspaces.findByOrganizationIdOrderByName(organizationId);
  }

  /** The workspace if it belongs to the organization; other organizations' workspaces are "not found". */
  @Transactional(readOnly = true)
  public Optional<Workspace> workspace(UUID organizationId, UUID workspaceId) {
    return workspaces.findById(workspaceId).filter(w -> w.organizationId().equals(organizationId));
  }

  @Transactional
  public UserAccount createUser(UUID organizationId, String name, Actor actor) {
    Names.checked("name", name);
    if (users.findByOrganizationIdAndName(organizationId, name).isPresent()) {
      throw new ConflictException("a user named '" + name + "' already exists");
    }
    UserAccount user = template.insert(new UserAccount(UUID.randomUUID(), organizationId, name, now()));
    audit.append(actor, AuditEntry.success(organizationId, null, "user.create", "user:" + name, ""));
    return user;
  }

  @Transactional(readOnly = true)
  public List<UserAccount> users(UUID organizationId) {
    return users.findByOrganizationIdOrderByName(organizationId);
  }

  /**
   * Binds (or changes) a user's role in a workspace, or organization-wide when {@code workspaceId}
   * is null. The grantor may not grant, nor change away from, a role stronger than its own.
   */
  @Transactional
  public MemberView bind(UUID organizationId, UUID workspaceId, UUID userId, Role role, Role grantorRole, Actor actor) {
    UserAccount user = user(organizationId, userId);
    if (role.compareTo(grantorRole) > 0) {
      throw new ForbiddenGrantException("you cannot grant '" + role.wireName() + "': it is stronger than your own role '" + grantorRole.wireName() + "'");
    }
    Optional<RoleBinding> existing = binding(organizationId, workspaceId, user.id());
    if (existing.isPresent()) {
      Role current = Role.fromWireName(existing.get().role()).orElseThrow();
      if (current == role) {
        return new MemberView(user.id(), user.name(), workspaceId, role);
      }
      checkMayChange(current, grantorRole);
      checkNotLastOwner(organizationId, workspaceId, current);
      bindings.changeRole(existing.get().id(), role.wireName());
    } else {
      template.insert(new RoleBinding(UUID.randomUUID(), user.id(), organizationId, workspaceId, role.wireName(), now()));
    }
    audit.append(actor, AuditEntry.success(organizationId, workspaceId, existing.isPresent() ? "role.change" : "role.bind",
        "user:" + user.name(), existing.map(b -> b.role() + " -> ").orElse("") + role.wireName() + scope(workspaceId)));
    return new MemberView(user.id(), user.name(), workspaceId, role);
  }

  @Transactional
  public void unbind(UUID organizationId, UUID workspaceId, UUID userId, Role grantorRole, Actor actor) {
    UserAccount user = user(organizationId, userId);
    RoleBinding existing = binding(organizationId, workspaceId, user.id())
        .orElseThrow(() -> new NotFoundException("role binding of user " + userId));
    Role current = Role.fromWireName(existing.role()).orElseThrow();
    checkMayChange(current, grantorRole);
    checkNotLastOwner(organizationId, workspaceId, current);
    bindings.remove(existing.id());
    audit.append(actor, AuditEntry.success(organizationId, workspaceId, "role.unbind", "user:" + user.name(),
        current.wireName() + scope(workspaceId)));
  }

  @Transactional(readOnly = true)
  public List<MemberView> members(UUID organizationId, UUID workspaceId) {
    List<RoleBinding> found = workspaceId == null
        ? bindings.findOrganizationWide(organizationId)
        : bindings.findByWorkspaceIdOrderByCreatedAt(workspaceId);
    return found.stream()
        .map(b -> new MemberView(b.userId(), users.findById(b.userId()).map(UserAccount::name).orElse("?"),
            b.workspaceId(), Role.fromWireName(b.role()).orElseThrow()))
        .toList();
  }

  private Optional<RoleBinding> binding(UUID organizationId, UUID workspaceId, UUID userId) {
    return bindings.findByUserId(userId).stream()
        .filter(b -> b.organizationId().equals(organizationId))
        .filter(b -> workspaceId == null ? b.workspaceId() == null : workspaceId.equals(b.workspaceId()))
        .findFirst();
  }

  private static void checkMayChange(Role current, Role grantorRole) {
    if (current.compareTo(grantorRole) > 0) {
      throw new ForbiddenGrantException("you cannot change a '" + current.wireName() + "' binding: it is stronger than your own role");
    }
  }

  /** An organization without an organization-wide owner could never be administered again. */
  private void checkNotLastOwner(UUID organizationId, UUID workspaceId, Role current) {
    if (workspaceId == null && current == Role.OWNER
        && bindings.findOrganizationWide(organizationId).stream().filter(b -> b.role().equals(Role.OWNER.wireName())).count() <= 1) {
      throw new ConflictException("this is the organization's last organization-wide owner; bind another owner first");
    }
  }

  private UserAccount user(UUID organizationId, UUID userId) {
    return users.findById(userId).filter(u -> u.organizationId().equals(organizationId))
        .orElseThrow(() -> new NotFoundException("user " + userId));
  }

  private static String scope(UUID workspaceId) {
    return workspaceId == null ? " (organization-wide)" : "";
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
