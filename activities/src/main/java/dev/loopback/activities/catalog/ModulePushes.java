package dev.loopback.activities.catalog;

import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.LiveSession;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells agents which modules to run: at every session start, and after a workspace's modules change
 * for the hosts connected to this replica (hosts on other replicas get it at their next hello). The
 * agent's answer is logged; its module states arrive with its heartbeats.
 */
@Component
public class ModulePushes {
  private static final Logger log = LoggerFactory.getLogger(ModulePushes.class);
  /** Fetching a module package can take a while on a slow link. */
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);
  private final ModuleAssignments assignments;
  private final AgentSessions sessions;
  private final HostRepository hosts;

  public ModulePushes(ModuleAssignments assignments, AgentSessions sessions, HostRepository hosts) {
    this.assignments = assignments;
    this.sessions = sessions;
    this.hosts = hosts;
  }

  /** Call off the event loop: it reads the database. */
  public void push(UUID hostId, LiveSession session) {
    Optional<ModulesDesiredRequest> desired = assignments.desiredFor(hostId);
    desired.ifPresent(request -> session.request(request, ANSWER_TIMEOUT).whenComplete((answer, failure) -> {
      if (failure != null) {
        log.atWarn().addKeyValue("hostId", hostId).log("The agent did not take its modules: {}", failure.getMessage());
      } else if (answer.message() instanceof ModulesDesiredResponse response && !response.refusals().isEmpty()) {
        log.atWarn().addKeyValue("hostId", hostId).addKeyValue("refusals", response.refusals()).log("The agent refused module releases");
      }
    }));
  }

  /** @return how many connected hosts were sent their modules */
  public int pushWorkspace(UUID workspaceId) {
    int sent = 0;
    for (UUID hostId : hosts.idsIn(workspaceId)) {
      Optional<LiveSession> session = sessions.find(hostId);
      if (session.isPresent()) {
        push(hostId, session.get());
        sent++;
      }
    }
    return sent;
  }
}
