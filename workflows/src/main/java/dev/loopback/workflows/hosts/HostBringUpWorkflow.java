package dev.loopback.workflows.hosts;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Brings one host from nothing (or from an existing machine) to {@code MANAGED}: provision or adopt
 * → wait for the agent's check-in → configuration steps → managed. Workflow id:
 * {@link AgentCheckIn#bringUpWorkflowId}, so there is at most one bring-up per host and the gateway
 * can signal it. Cancelling it compensates: what was provisioned is destroyed, the token revoked.
 */
@WorkflowInterface
public interface HostBringUpWorkflow {
  @WorkflowMethod
  BringUpResult bringUp(BringUpInput input);

  @SignalMethod(name = AgentCheckIn.SIGNAL)
  void agentCheckedIn(AgentCheckIn checkIn);

  @QueryMethod
  BringUpStatus status();
}
