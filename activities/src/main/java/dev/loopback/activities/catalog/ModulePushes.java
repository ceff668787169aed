package dev.loopback.activities.catalog;

import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.LiveSession;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells agents which modules to run: at every session start, and, for the hosts connected to this
 * replica, whenever what they should run changes ({@link ModuleWatch} notices changes made on any
 * replica, and publishes). Only a list that differs from the one last sent to the host goes out.
 * The agent's answer is logged; its module states arrive with its heartbeats.
 */
@Component
public class ModulePushes {
  private static final Logger log = LoggerFactory.getLogger(ModulePushes.class);
  /** Fetching a module package can take a while on a slow link. */
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);
  private final ModuleAssignments assignments;
  private final AgentSessions sessions;
  private final HostRepository hosts;
  /**
   * The list last sent to each host, and over which session: a session is never sent the same list
   * twice, so a change that leaves a host's list as it was, or a hello and a change that race, send
   * it once.
   */
  private final Map<UUID, Sent> lastSent = new ConcurrentHashMap<>();

  private record Sent(UUID sessionId, ModulesDesiredRequest request) {
  }

  public ModulePushes(ModuleAssignments assignments, AgentSessions sessions, HostRepository hosts) {
    this.assignments = assignments;
    this.sessions = sessions;
    this.hosts = hosts;
  }

  /** At a session's start: a new session is told its list even if the host was told it before. Call off the event loop. */
  public void push(UUID hostId, LiveSession session) {
    assignments.desiredFor(hostId).ifPresent(request -> offer(hostId, session, request));
  }

  /** @return whether the list went out: not if this session was sent exactly this list already */
  private boolean offer(UUID hostId, LiveSession session, ModulesDesiredRequest request) {
    Sent next = new Sent(session.sessionId(), request);
    boolean[] fresh = {false};
    lastSent.compute(hostId, (id, previous) -> {
      fresh[0] = !next.equals(previous);
      return next;
    });
    if (fresh[0]) {
      send(hostId, session, request);
    }
    return fresh[0];
  }

  private void send(UUID hostId, LiveSession session, ModulesDesiredRequest request) {
    session.request(request, ANSWER_TIMEOUT).whenComplete((answer, failure) -> {
      if (failure != null) {
        log.atWarn().addKeyValue("hostId", hostId).log("The agent did not take its modules: {}", failure.getMessage());
      } else if (answer.message() instanceof ModulesDesiredResponse response && !response.refusals().isEmpty()) {
        log.atWarn().addKeyValue("hostId", hostId).addKeyValue("refusals", response.refusals()).log("The agent refused module releases");
      }
    });
  }

  /** @return how many hosts of the workspace connected here were sent a new list */
  public int pushWorkspace(UUID workspaceId) {
    int sent = 0;
    for (UUID hostId : hosts.idsIn(workspaceId)) {
      Optional<LiveSession> session = sessions.find(hostId);
      if (session.isEmpty()) {
        lastSent.remove(hostId);
        continue;
      }
      Optional<ModulesDesiredRequest> desired = assignments.desiredFor(hostId);
      if (desired.isPresent() && offer(hostId, session.get(), desired.get())) {
        sent++;
      }
    }
    return sent;
  }
}
