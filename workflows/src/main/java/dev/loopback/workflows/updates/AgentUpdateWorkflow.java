package dev.loopback.workflows.updates;

import dev.loopback.workflows.hosts.AgentCheckIn;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Updates one host's agent: sends it the release, then waits for the new version to check in or for
 * the host's launcher to report the rollback, and records how it ended. One at a time per host:
 * workflow id {@code agent-update/<hostId>}. What deliveries run, host by host.
 */
@WorkflowInterface
public interface AgentUpdateWorkflow {
  String CHECKED_IN = "checkedIn";
  String ROLLED_BACK = "rolledBack";

  static String workflowId(String hostId) {
    return "agent-update/" + hostId;
  }

  @WorkflowMethod
  AgentUpdateOutcome update(AgentUpdateInput input);

  /** The host opened a session, with whatever version it now runs. */
  @SignalMethod(name = CHECKED_IN)
  void checkedIn(AgentCheckIn checkIn);

  @SignalMethod(name = ROLLED_BACK)
  void rolledBack(AgentRollback rollback);

  /** {@code SENDING} until the agent answers, {@code RESTARTING} while the new version has to check in, then {@code DONE}. */
  @QueryMethod
  String stage();
}
