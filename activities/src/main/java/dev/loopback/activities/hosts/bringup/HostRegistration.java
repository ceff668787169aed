package dev.loopback.activities.hosts.bringup;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.tokens.AgentTokens;
import dev.loopback.activities.tokens.MintTokenRequest;
import dev.loopback.activities.tokens.MintedToken;
import dev.loopback.activities.tokens.TokenLifetime;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.db.tenancy.Workspace;
import dev.loopback.db.tenancy.WorkspaceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers a host before its agent exists: the PENDING host record (and, when adopting an existing
 * machine, a single-use install token bound to it) in one audited transaction. The caller starts the
 * bring-up workflow after this commits.
 */
@Service
public class HostRegistration {
  private static final int MAX_NAME = 253;
  private final HostRepository hosts;
  private final WorkspaceRepository workspaces;
  private final AgentTokens tokens;
  private final AuditLog audit;
  private final Clock clock;

  public HostRegistration(HostRepository hosts, WorkspaceRepository workspaces, AgentTokens tokens, AuditLog audit, Clock clock) {
    this.hosts = hosts;
    this.workspaces = workspaces;
    this.tokens = tokens;
    this.audit = audit;
    this.clock = clock;
  }

  public record Registered(UUID hostId, MintedToken installToken) {
  }

  /** An existing machine: the host and its install token, which the operator passes to the install script. */
  @Transactional
  public Registered adopt(UUID workspaceId, String name, Duration tokenTtl, Actor actor) {
    String checkedName = checkedName(name);
    Workspace workspace = workspace(workspaceId);
    UUID hostId = insertPending(workspace, checkedName);
    MintedToken token = tokens.mint(workspaceId,
        new MintTokenRequest("install token for host " + checkedName, TokenLifetime.SHORT_LIVED, tokenTtl, 1), hostId, actor);
    audit.append(actor, AuditEntry.success(workspace.organizationId(), workspaceId, "host.register", "host:" + hostId,
        "adopt name=" + checkedName + " token=" + token.token().id()));
    return new Registered(hostId, token);
  }

  /**
   * A machine a compute provider will create: the host only. Its install token is minted by the
   * bring-up's provision activity and handed to the machine, so nobody ever sees it.
   */
  @Transactional
  public UUID provision(UUID workspaceId, String name, String provider, Actor actor) {
    String checkedName = checkedName(name);
    Workspace workspace = workspace(workspaceId);
    UUID hostId = insertPending(workspace, checkedName);
    audit.append(actor, AuditEntry.success(workspace.organizationId(), workspaceId, "host.register", "host:" + hostId,
        "provision name=" + checkedName + " provider=" + provider));
    return hostId;
  }

  private UUID insertPending(Workspace workspace, String name) {
    UUID hostId = UUID.randomUUID();
    hosts.insertPending(hostId, workspace.organizationId(), workspace.id(), name, clock.instant().truncatedTo(ChronoUnit.MICROS));
    return hostId;
  }

  private Workspace workspace(UUID workspaceId) {
    return workspaces.findById(workspaceId).orElseThrow(() -> new NotFoundException("workspace " + workspaceId));
  }

  private static String checkedName(String name) {
    String checked = name == null ? "" : name.strip();
    if (checked.isEmpty() || checked.length() > MAX_NAME) {
      throw new InvalidFieldException("name", "name must be 1-" + MAX_NAME + " characters");
    }
    return checked;
  }
}
