package dev.loopback.api.hosts;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.hosts.HostInventory;
import dev.loopback.api.access.Requires;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.agents.PingHostInput;
import dev.loopback.workflows.agents.PingHostResult;
import dev.loopback.workflows.agents.PingHostWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A round trip to a host's agent through the ping workflow, i.e. the same path every workflow uses
 * to reach an agent (session registry → that replica's {@code agent-rpc} queue → channel).
 */
@RestController
class HostPingController {
  private final HostInventory inventory;
  private final WorkflowClient temporal;

  HostPingController(HostInventory inventory, WorkflowClient temporal) {
    this.inventory = inventory;
    this.temporal = temporal;
  }

  /**
   * @param roundTripMillis measured by the replica holding the channel, from write to answer
   * @param routes replicas tried: more than one means the agent moved during the call
   */
  record PingResponse(UUID hostId, String replicaId, double roundTripMillis, String agentVersion, long uptimeSeconds, int routes) {}

  @Requires(Capability.HOSTS_MANAGE)
  @PostMapping("/api/v1/workspaces/{workspaceId}/hosts/{hostId}/ping")
  PingResponse ping(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    inventory.get(workspaceId, hostId);
    String requestId = UUID.randomUUID().toString();
    PingHostWorkflow workflow = temporal.newWorkflowStub(PingHostWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(PingHostWorkflow.workflowId(hostId.toString(), requestId))
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
        .build());
    PingHostResult result = workflow.ping(new PingHostInput(hostId.toString(), requestId));
    switch (result.outcome()) {
      case NOT_CONNECTED:
        throw new ConflictException("host " + hostId + " is not connected to the control plane");
      case TIMED_OUT:
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
            "host " + hostId + " is connected but its agent did not answer in time");
        throw new ErrorResponseException(HttpStatus.GATEWAY_TIMEOUT, problem, null);
      default:
        var pong = result.pong();
        return new PingResponse(hostId, pong.replicaId(), pong.roundTripMicros() / 1000.0, pong.agentVersion(),
            pong.uptimeSeconds(), result.attempts());
    }
  }
}
