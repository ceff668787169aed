package dev.loopback.workflows.mesh;

import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.agents.AgentLocation;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.agents.LocateAgentRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class MeshPushWorkflowImpl implements MeshPushWorkflow {
  static final int MAX_ROUTES = 3;
  static final Duration SCHEDULE_TO_START = Duration.ofSeconds(5);
  static final Duration REROUTE_PAUSE = Duration.ofMillis(500);

  private final AgentLocatorActivities locator = Workflow.newActivityStub(AgentLocatorActivities.class,
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .build());

  @Override
  public MeshPushResult push(MeshPushRequest request) {
    for (int route = 1; route <= MAX_ROUTES; route++) {
      AgentLocation location = locator.locate(new LocateAgentRequest(request.hostId()));
      if (!location.connected()) {
        break;
      }
      try {
        return rpcOn(location.replicaId(), request.verifyTimeoutMillis()).applyMesh(request);
      } catch (ActivityFailure failure) {
        if (isFailureType(failure, AgentRpcActivities.AGENT_TIMEOUT)) {
          return new MeshPushResult(request.hostId(), request.revision(), "TIMED_OUT", "the agent did not answer in time");
        }
        if (!(failure.getCause() instanceof TimeoutFailure) && !isFailureType(failure, AgentRpcActivities.AGENT_NOT_HERE)) {
          throw failure;
        }
        Workflow.sleep(REROUTE_PAUSE);
      }
    }
    return new MeshPushResult(request.hostId(), request.revision(), "NOT_CONNECTED", "the host is not connected");
  }

  private static AgentRpcActivities rpcOn(String replicaId, long verifyTimeoutMillis) {
    return Workflow.newActivityStub(AgentRpcActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.agentRpc(replicaId))
        .setScheduleToStartTimeout(SCHEDULE_TO_START)
        .setStartToCloseTimeout(Duration.ofSeconds(30).plusMillis(verifyTimeoutMillis))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static boolean isFailureType(ActivityFailure failure, String type) {
    return failure.getCause() instanceof ApplicationFailure application && type.equals(application.getType());
  }
}
