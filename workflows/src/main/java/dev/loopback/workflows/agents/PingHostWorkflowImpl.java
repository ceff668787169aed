package dev.loopback.workflows.agents;

import dev.loopback.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PingHostWorkflowImpl implements PingHostWorkflow {
  /** Re-routes before giving up: an agent that moves more often than this is not reachable anyway. */
  static final int MAX_ROUTES = 3;
  /** A replica that is down never starts the task: do not wait for it long. */
  static final Duration SCHEDULE_TO_START = Duration.ofSeconds(5);
  /** Time for a session registry update to land after an agent moved. */
  static final Duration REROUTE_PAUSE = Duration.ofMillis(500);

  private final AgentLocatorActivities locator = Workflow.newActivityStub(AgentLocatorActivities.class,
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .build());

  @Override
  public PingHostResult ping(PingHostInput input) {
    for (int attempt = 1; attempt <= MAX_ROUTES; attempt++) {
      AgentLocation location = locator.locate(new LocateAgentRequest(input.hostId()));
      if (!location.connected()) {
        return new PingHostResult(input.hostId(), PingHostResult.Outcome.NOT_CONNECTED, attempt, null);
      }
      Workflow.setCurrentDetails("**Ping** " + input.hostId() + " via replica `" + location.replicaId() + "` (route " + attempt + ")");
      try {
        PingAgentResult pong = rpcOn(location.replicaId()).ping(new PingAgentRequest(input.hostId(), input.requestId()));
        return new PingHostResult(input.hostId(), PingHostResult.Outcome.ANSWERED, attempt, pong);
      } catch (ActivityFailure failure) {
        if (isFailureType(failure, AgentRpcActivities.AGENT_TIMEOUT)) {
          return new PingHostResult(input.hostId(), PingHostResult.Outcome.TIMED_OUT, attempt, null);
        }
        if (!movedOrReplicaGone(failure)) {
          throw failure;
        }
        Workflow.sleep(REROUTE_PAUSE);
      }
    }
    return new PingHostResult(input.hostId(), PingHostResult.Outcome.NOT_CONNECTED, MAX_ROUTES, null);
  }

  private static AgentRpcActivities rpcOn(String replicaId) {
    return Workflow.newActivityStub(AgentRpcActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.agentRpc(replicaId))
        .setScheduleToStartTimeout(SCHEDULE_TO_START)
        .setStartToCloseTimeout(Duration.ofSeconds(15))
        // Routing failures are handled here, by re-locating; a blind retry would go to the same replica.
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static boolean movedOrReplicaGone(ActivityFailure failure) {
    return failure.getCause() instanceof TimeoutFailure || isFailureType(failure, AgentRpcActivities.AGENT_NOT_HERE);
  }

  private static boolean isFailureType(ActivityFailure failure, String type) {
    return failure.getCause() instanceof ApplicationFailure application && type.equals(application.getType());
  }
}
