package dev.loopback.activities.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostInventoryRepository;
import dev.loopback.db.hosts.HostInventoryRepository.HostQuery;
import dev.loopback.db.tenancy.WorkspaceRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class HostInventory {

  private final HostInventoryRepository hosts;
  private final WorkspaceRepository workspaces;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final AgentChannelSettings channel;
  private final ObjectMapper json;
  private final Clock clock;

  HostInventory(
      HostInventoryRepository hosts,
      WorkspaceRepository workspaces,
      AuditLog audit,
      ApplicationEventPublisher events,
      AgentChannelSettings channel,
      ObjectMapper json,
      Clock clock) {
    this.hosts = hosts;
    this.workspaces = workspaces;
    this.audit = audit;
    this.events = events;
    this.channel = channel;
    this.json = json;
    this.clock = clock;
  }

  @Transactional(readOnly = true)
  public HostPage list(UUID workspaceId, HostFilter filter) {
    requireWorkspace(workspaceId);
    // One instant for the SQL filter and the states shown, so a host cannot be listed under a state it does not show.
    Instant staleBefore = staleBefore();
    HostCursor after = filter.after();
    List<Host> rows = hosts.list(workspaceId, new HostQuery(
        filter.states().stream().map(HostState::name).toList(),
        filter.agentVersion(),
        filter.labels().isEmpty() ? null : write(filter.labels()),
        after == null ? null : after.createdAt(),
        after == null ? null : after.id(),
        filter.limit() + 1), staleBefore);
    boolean more = rows.size() > filter.limit();
    List<Host> page = more ? rows.subList(0, filter.limit()) : rows;
    Host last = page.isEmpty() ? null : page.get(page.size() - 1);
    return new HostPage(
        page.stream().map(host -> HostView.of(host, staleBefore, json)).toList(),
        more ? new HostCursor(last.createdAt(), last.id()).encode() : null);
  }

  @Transactional(readOnly = true)
  public HostView get(UUID workspaceId, UUID hostId) {
    return HostView.of(host(workspaceId, hostId), staleBefore(), json);
  }

  /** Replaces all of the host's labels with {@code labels} (validated by {@link HostLabels}). */
  @Transactional
  public HostView setLabels(Actor actor, UUID workspaceId, UUID hostId, Map<String, String> labels) {
    Map<String, String> checked = HostLabels.validated(labels);
    Host host = host(workspaceId, hostId);
    String labelsJson = write(checked);
    hosts.setLabels(workspaceId, hostId, labelsJson);
    audit.append(actor, AuditEntry.success(host.organizationId(), workspaceId, "host.labels", target(host), "labels=" + labelsJson));
    return get(workspaceId, hostId);
  }

  /**
   * Revokes the host: its certificates are refused from the next handshake on, and {@link HostRevoked}
   * lets the replica holding its channel drop it now. Revoking a revoked host is a conflict.
   */
  @Transactional
  public HostView revoke(Actor actor, UUID workspaceId, UUID hostId) {
    Host host = host(workspaceId, hostId);
    if (hosts.revoke(workspaceId, hostId, now(), actor.name()) == 0) {
      // The conditional UPDATE is the authority: the host exists, so someone revoked it first.
      throw new ConflictException("host " + hostId + " is already revoked");
    }
    audit.append(actor, AuditEntry.success(host.organizationId(), workspaceId, "host.revoke", target(host), "name=" + host.name()));
    events.publishEvent(new HostRevoked(hostId));
    return get(workspaceId, hostId);
  }

  private Host host(UUID workspaceId, UUID hostId) {
    return hosts.find(workspaceId, hostId).orElseThrow(() -> new NotFoundException("host " + hostId));
  }

  private void requireWorkspace(UUID workspaceId) {
    if (!workspaces.existsById(workspaceId)) {
      throw new NotFoundException("workspace " + workspaceId);
    }
  }

  private Instant staleBefore() {
    return now().minus(channel.staleAfter());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private String write(Map<String, String> labels) {
    try {
      return json.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels of plain strings always serialize", e);
    }
  }

  static String target(Host host) {
    return "host:" + host.id();
  }
}
