package dev.loopback.workflows.agents;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One round trip to a host's agent, wherever its channel is. The example of how any workflow
 * reaches an agent: locate → run on that replica's queue with a short schedule-to-start timeout →
 * re-locate and retry when the agent moved. Workflow id: {@code host-ping/<hostId>/<requestId>}.
 */
@WorkflowInterface
public interface PingHostWorkflow {
  static String workflowId(String hostId, String requestId) {
    return "host-ping/" + hostId + "/" + requestId;
  }

  @WorkflowMethod
  PingHostResult ping(PingHostInput input);
}
