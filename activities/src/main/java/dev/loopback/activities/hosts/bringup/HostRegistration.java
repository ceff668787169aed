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
 * Registers a host before its agent exists (adopting an existing machine): the PENDING host record
 * and a single-use install token bound to it, in one transaction. The bring-up workflow is started
 * by the caller after this commits.
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

  @Transactional
  public Registered adopt(UUID workspaceId, String name, Duration tokenTtl, Actor actor) {
    String checkedName = name == null ? "" : name.strip();
    if (checkedName.isEmpty() || checkedName.length() > MAX_NAME) {
      throw new InvalidFieldException("name", "name must be 1-" + MAX_NAME + " characters");
    }
    Workspace workspace = workspaces.findById(workspaceId).orElseThrow(() -> new NotFoundException("workspace " + workspaceId));
    UUID hostId = UUID.randomUUID();
    hosts.insertPending(hostId, workspace.organizationId(), workspaceId, checkedName, clock.instant().truncatedTo(ChronoUnit.MICROS));
    MintedToken token = tokens.mint(workspaceId,
        new MintTokenRequest("install token for host " + checkedName, TokenLifetime.SHORT_LIVED, tokenTtl, 1), hostId, actor);
    audit.append(actor, AuditEntry.success(workspace.organizationId(), workspaceId, "host.register", "host:" + hostId,
        "adopt name=" + checkedName + " token=" + token.token().id()));
    return new Registered(hostId, token);
  }
}
