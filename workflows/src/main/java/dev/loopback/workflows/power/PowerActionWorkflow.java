package dev.loopback.workflows.power;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One power action (on, off, reset) on a provisioned host: checked against policy, asked of the
 * provider, then the provider is polled until the machine reaches the target state or the deadline
 * passes; the outcome is recorded on the host. Workflow id {@link #workflowId}: while one action runs
 * on a host, starting another is refused by Temporal itself (same id), so actions never interleave.
 */
@WorkflowInterface
public interface PowerActionWorkflow {
  @WorkflowMethod
  PowerActionStatus act(PowerActionRequest request);

  @QueryMethod
  PowerActionStatus status();

  static String workflowId(String hostId) {
    return "host-power/" + hostId;
  }
}
