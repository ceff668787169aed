package dev.loopback.activities.agents.gateway;

import dev.loopback.workflows.hosts.AgentCheckIn;
import dev.loopback.workflows.updates.AgentRollback;
import dev.loopback.workflows.updates.AgentUpdateWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells a waiting bring-up or agent-update workflow that its host checked in (or rolled an update back). Best effort and asynchronous: a
 * bring-up that misses the signal (e.g. Temporal was briefly down) also sees the host's state.
 */
@Component
public class CheckInSignals {
  private static final Logger log = LoggerFactory.getLogger(CheckInSignals.class);
  private final WorkflowClient client;

  public CheckInSignals(WorkflowClient client) {
    this.client = client;
  }

  public void send(AgentCheckIn checkIn, Executor executor) {
    signal(AgentCheckIn.bringUpWorkflowId(checkIn.hostId()), AgentCheckIn.SIGNAL, checkIn, checkIn.hostId(), executor);
  }

  /** To the host's agent update, which waits to see which version comes back. */
  public void sendToUpdate(AgentCheckIn checkIn, Executor executor) {
    signal(AgentUpdateWorkflow.workflowId(checkIn.hostId()), AgentUpdateWorkflow.CHECKED_IN, checkIn, checkIn.hostId(), executor);
  }

  /** The host's launcher rolled an update back; an update that already gave up only gets a log line. */
  public void sendRollback(AgentRollback rollback, Executor executor) {
    log.atWarn().addKeyValue("hostId", rollback.hostId()).addKeyValue("version", rollback.version())
        .addKeyValue("runningVersion", rollback.runningVersion()).log("Agent update rolled back on the host: {}", rollback.reason());
    signal(AgentUpdateWorkflow.workflowId(rollback.hostId()), AgentUpdateWorkflow.ROLLED_BACK, rollback, rollback.hostId(), executor);
  }

  private void signal(String workflowId, String signal, Object payload, String hostId, Executor executor) {
    executor.execute(() -> {
      try {
        client.newUntypedWorkflowStub(workflowId).signal(signal, payload);
      } catch (WorkflowNotFoundException e) {
        log.atDebug().addKeyValue("hostId", hostId).addKeyValue("workflowId", workflowId).log("No workflow waits for this {}", signal);
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("hostId", hostId).addKeyValue("workflowId", workflowId).log("Could not signal {}: {}", signal,
            e.getMessage());
      }
    });
  }
}
