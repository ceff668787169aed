package dev.loopback.activities.updates;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.Outcome;
import dev.loopback.activities.catalog.PackageArch;
import dev.loopback.activities.catalog.UpdateCheck;
import dev.loopback.activities.catalog.UpdateIndex;
import dev.loopback.activities.catalog.UpdateOffer;
import dev.loopback.activities.catalog.UpdateQuery;
import dev.loopback.activities.catalog.Versions;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.db.updates.AgentUpdate;
import dev.loopback.db.updates.AgentUpdateRepository;
import dev.loopback.workflows.updates.AgentPackage;
import dev.loopback.workflows.updates.AgentUpdateInput;
import dev.loopback.workflows.updates.AgentUpdateOutcome;
import dev.loopback.workflows.updates.AgentUpdateStatus;
import dev.loopback.workflows.updates.AgentUpdateWorkflow;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agent updates of single hosts, as an operator (or later a delivery) asks for them: which release —
 * the update check's answer for the host on the channel, or a pinned version — recorded with the
 * host marked {@code UPDATING} until the workflow {@code agent-update/<host>} records the outcome.
 */
@Service
public class AgentUpdates {
  /** The agent updates itself from its tarball: the .deb needs root and dpkg, which the agent does not have. */
  static final String FORMAT = "tar.gz";
  static final int DEFAULT_CHECK_IN_SECONDS = 120;
  static final int MIN_CHECK_IN_SECONDS = 10;
  static final int MAX_CHECK_IN_SECONDS = 3600;
  private final HostRepository hosts;
  private final AgentUpdateRepository updates;
  private final UpdateIndex index;
  private final AuditLog audit;
  private final Clock clock;

  public AgentUpdates(HostRepository hosts, AgentUpdateRepository updates, UpdateIndex index, AuditLog audit, Clock clock) {
    this.hosts = hosts;
    this.updates = updates;
    this.index = index;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * @param channel default {@code stable}
   * @param version null: the update check's answer for the host's version on the channel (which honours
   *     eligibility and stepping stones); else that published release of the channel
   * @param checkInSeconds how long the new version has to check in after its restart; default 120
   */
  public record RequestUpdate(String channel, String version, Integer checkInSeconds) {
  }

  public record AgentUpdateView(UUID id, UUID hostId, String fromVersion, String toVersion, String channel, int checkInSeconds,
      String status, String runningVersion, String reason, String requestedBy, Instant requestedAt,
      Instant finishedAt) {
    static AgentUpdateView of(AgentUpdate u) {
      return new AgentUpdateView(u.id(), u.hostId(), u.fromVersion(), u.toVersion(), u.channel(), u.checkInSeconds(), u.status(),
          u.runningVersion(), u.reason(), u.requestedBy(), u.requestedAt(), u.finishedAt());
    }
  }

  /** Records the update and marks the host {@code UPDATING}; the caller starts the workflow with the input returned. */
  @Transactional
  public AgentUpdateInput begin(Actor actor, UUID workspaceId, UUID hostId, RequestUpdate request) {
    Host host = hosts.findById(hostId).filter(h -> h.workspaceId().equals(workspaceId))
        .orElseThrow(() -> new NotFoundException("host " + hostId + " in workspace " + workspaceId));
    String channel = request == null || request.channel() == null ? "stable" : request.channel();
    int checkIn = request == null || request.checkInSeconds() == null ? DEFAULT_CHECK_IN_SECONDS : request.checkInSeconds();
    if (checkIn < MIN_CHECK_IN_SECONDS || checkIn > MAX_CHECK_IN_SECONDS) {
      throw new InvalidFieldException("checkInSeconds", "must be between " + MIN_CHECK_IN_SECONDS + " and " + MAX_CHECK_IN_SECONDS);
    }
    UpdateOffer offer = release(host, channel, request == null ? null : request.version());
    AgentUpdate update = new AgentUpdate(UUID.randomUUID(), host.organizationId(), workspaceId, hostId, host.agentVersion(),
        offer.version(), channel, checkIn, "UPDATING", null, null, actor.name(), clock.instant(), null);
    if (!updates.begin(update)) {
      throw new ConflictException("host " + hostId + " is " + host.lifecycle() + (host.revoked() ? " (revoked)" : "")
          + ": only a MANAGED host can be updated, one update at a time");
    }
    audit.append(actor, AuditEntry.success(host.organizationId(), workspaceId, "host.agent-update", "host:" + hostId,
        host.agentVersion() + " -> " + offer.version() + " (" + channel + ")"));
    return new AgentUpdateInput(update.id().toString(), hostId.toString(), host.agentVersion(), new AgentPackage(offer.version(),
        offer.channel(), offer.arch(), offer.format(), offer.size(), offer.sha512(), offer.signature(), offer.signatureKeyId(),
        offer.url(), offer.notes()), checkIn);
  }

  private UpdateOffer release(Host host, String channel, String version) {
    String arch = PackageArch.ofFacts(host.factsJson());
    if (host.agentVersion() == null || arch.isEmpty()) {
      throw new ConflictException("host " + host.id() + " has not reported its agent version and architecture yet");
    }
    if (version == null) {
      Optional<UpdateOffer> next = index.next(new UpdateQuery(UpdateCheck.AGENT, channel, host.agentVersion(), arch, FORMAT, null)).offer();
      return next.orElseThrow(() -> new ConflictException("no update for host " + host.id() + ": it runs " + host.agentVersion()
          + " and channel " + channel + " offers nothing newer it is eligible for, as a " + arch + " " + FORMAT + " package"));
    }
    Versions.parse("version", version);
    if (!index.current().hasChannel(channel)) {
      throw new InvalidFieldException("channel", "no channel named " + channel);
    }
    if (version.equals(host.agentVersion())) {
      throw new ConflictException("host " + host.id() + " already runs " + version);
    }
    return index.current().release(UpdateCheck.AGENT, channel, version, arch, FORMAT, host.agentVersion())
        .orElseThrow(() -> new ConflictException("channel " + channel + " has no published agent " + version + " with a " + arch + " "
            + FORMAT + " package"));
  }

  /** Records how an update ended; the host is {@code MANAGED} again. Idempotent (an activity may run twice). */
  @Transactional
  public void finish(AgentUpdateOutcome outcome) {
    UUID id = UUID.fromString(outcome.updateId());
    if (!updates.finish(id, outcome.status().name(), outcome.runningVersion(), outcome.reason(), clock.instant())) {
      return;
    }
    Actor workflow = new Actor("workflow:" + AgentUpdateWorkflow.workflowId(outcome.hostId()), outcome.updateId());
    updates.find(id).ifPresent(update -> audit.append(workflow, new AuditEntry(update.organizationId(), update.workspaceId(),
        "host.agent-update.finish", "host:" + update.hostId(), outcome.status() == AgentUpdateStatus.SUCCEEDED ? Outcome.SUCCESS
            : Outcome.REFUSED, update.toVersion() + ": " + outcome.status() + ": " + outcome.reason())));
  }

  public AgentUpdateView latest(UUID workspaceId, UUID hostId) {
    return updates.latest(hostId).filter(u -> u.workspaceId().equals(workspaceId)).map(AgentUpdateView::of)
        .orElseThrow(() -> new NotFoundException("agent update of host " + hostId + " in workspace " + workspaceId));
  }
}
