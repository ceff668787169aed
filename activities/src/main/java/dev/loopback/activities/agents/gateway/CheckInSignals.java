package dev.loopback.activities.agents.gateway;

import dev.loopback.workflows.hosts.AgentCheckIn;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells a waiting bring-up workflow that its host checked in. Best effort and asynchronous: a
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
    executor.execute(() -> {
      try {
        client.newUntypedWorkflowStub(AgentCheckIn.bringUpWorkflowId(checkIn.hostId())).signal(AgentCheckIn.SIGNAL, checkIn);
      } catch (WorkflowNotFoundException e) {
        log.atDebug().addKeyValue("hostId", checkIn.hostId()).log("No bring-up waits for this host's check-in");
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("hostId", checkIn.hostId()).log("Could not signal the check-in: {}", e.getMessage());
      }
    });
  }
}
