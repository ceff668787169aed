package dev.loopback.activities.mesh;

import dev.loopback.db.networks.NetworkMember;
import dev.loopback.db.networks.NetworkRepository;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.mesh.NetworkApplyWorkflow;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells a network's apply workflow that its mesh changed, starting it if it is not running
 * (signal-with-start: one workflow per network, however many changes arrive at once). A change that
 * finds the workflow already woken and not yet planning does not signal it again: its planning reads
 * every change committed before it starts. So a burst of changes costs one signal per round, and
 * the workflow can continue as new while they arrive (every signal that lands while its last task
 * completes makes the server refuse that task).
 */
@Component
public class MeshChanges {
  private static final Logger log = LoggerFactory.getLogger(MeshChanges.class);
  private static final int ATTEMPTS = 5;
  /** A wake older than this is sent again: a signal that was lost delays changes no longer. */
  static final Duration WAKE_STALE_AFTER = Duration.ofSeconds(30);
  private final WorkflowClient client;
  private final NetworkRepository networks;
  private final Clock clock;

  public MeshChanges(WorkflowClient client, NetworkRepository networks, Clock clock) {
    this.client = client;
    this.networks = networks;
    this.clock = clock;
  }

  /**
   * Retried a few times: a signal that meets the workflow just as it ends (idle) or continues as new
   * is refused by the server, and the next attempt starts or reaches the new run.
   */
  public void networkChanged(UUID networkId) {
    Instant now = clock.instant();
    if (!networks.requestApply(networkId, now, now.minus(WAKE_STALE_AFTER))) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        signal(networkId);
        return;
      } catch (WorkflowServiceException | WorkflowExecutionAlreadyStarted e) {
        if (attempt == ATTEMPTS) {
          // Not woken: the next change must try again rather than count on this one.
          networks.clearApplyRequest(networkId);
          throw e;
        }
        log.atDebug().addKeyValue("networkId", networkId).log("Signalling the network's apply workflow again: {}", e.getMessage());
        try {
          Thread.sleep(100L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void signal(UUID networkId) {
    NetworkApplyWorkflow workflow = client.newWorkflowStub(NetworkApplyWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(NetworkApplyWorkflow.workflowId(networkId.toString()))
        .setTaskQueue(TaskQueues.CONTROL)
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(workflow::apply, networkId.toString());
    request.add(workflow::meshChanged);
    client.signalWithStart(request);
  }

  /** Every network of the host: its key, endpoint or wish to re-apply changed. */
  public int hostChanged(UUID hostId) {
    int count = 0;
    for (NetworkMember membership : networks.membershipsOf(hostId)) {
      networkChanged(membership.networkId());
      count++;
    }
    return count;
  }

  /** For callers on the agent gateway: a failure to signal is logged, and the next change catches up. */
  public void hostChangedQuietly(UUID hostId) {
    try {
      hostChanged(hostId);
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("hostId", hostId).log("Could not signal the mesh of the host's networks: {}", e.getMessage());
    }
  }
}
