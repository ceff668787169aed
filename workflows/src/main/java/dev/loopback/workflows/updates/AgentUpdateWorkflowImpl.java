package dev.loopback.workflows.updates;

import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.agents.AgentLocation;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.agents.LocateAgentRequest;
import dev.loopback.workflows.hosts.AgentCheckIn;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class AgentUpdateWorkflowImpl implements AgentUpdateWorkflow {
  static final int MAX_ROUTES = 3;
  /** The agent downloads and verifies the package before it answers. */
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  /**
   * Beyond the check-in deadline: the launcher notices, stops the new version, starts the old one
   * (systemd's restart delay included), which opens a session and reports the rollback.
   */
  static final Duration ROLLBACK_GRACE = Duration.ofSeconds(90);
  /** After the host came back on another version: time for its rollback report to follow the hello. */
  static final Duration REPORT_GRACE = Duration.ofSeconds(30);

  private final AgentLocatorActivities locator = Workflow.newActivityStub(AgentLocatorActivities.class,
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .build());
  private final AgentUpdateActivities records = Workflow.newActivityStub(AgentUpdateActivities.class,
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .build());

  private String stage = "SENDING";
  private AgentCheckIn lastCheckIn;
  private AgentRollback rollback;

  @Override
  public AgentUpdateOutcome update(AgentUpdateInput input) {
    String target = input.release().version();
    AgentUpdateOutcome outcome = run(input, target);
    stage = "DONE";
    records.finish(outcome);
    Workflow.setCurrentDetails("**" + outcome.status() + "** " + input.hostId() + ": " + outcome.reason());
    return outcome;
  }

  private AgentUpdateOutcome run(AgentUpdateInput input, String target) {
    Workflow.setCurrentDetails("Sending agent " + target + " to " + input.hostId() + " (it runs " + input.fromVersion() + ")");
    AgentUpdateAnswer answer;
    try {
      answer = send(new AgentUpdateCommand(input.hostId(), input.release(), input.checkInSeconds()));
    } catch (ActivityFailure failure) {
      return outcome(input, AgentUpdateStatus.FAILED, input.fromVersion(), "could not reach the agent: " + rootMessage(failure));
    }
    if (answer == null) {
      return outcome(input, AgentUpdateStatus.FAILED, input.fromVersion(), "the host is not connected to the control plane");
    }
    if (!answer.restarting()) {
      return outcome(input, AgentUpdateStatus.REFUSED, input.fromVersion(), "the agent refused " + target + ": "
          + (answer.field() == null ? "" : answer.field() + ": ") + answer.reason());
    }
    stage = "RESTARTING";
    Workflow.setCurrentDetails("Agent on " + input.hostId() + " installed " + target + " and is restarting into it; it has "
        + input.checkInSeconds() + " s to check in");
    Duration wait = Duration.ofSeconds(input.checkInSeconds()).plus(ROLLBACK_GRACE);
    Workflow.await(wait, () -> succeeded(target) || rollback != null || cameBackOnAnother(target));
    if (succeeded(target)) {
      return outcome(input, AgentUpdateStatus.SUCCEEDED, target, "checked in running " + target);
    }
    if (rollback == null && cameBackOnAnother(target)) {
      Workflow.await(REPORT_GRACE, () -> rollback != null || succeeded(target));
      if (succeeded(target)) {
        return outcome(input, AgentUpdateStatus.SUCCEEDED, target, "checked in running " + target);
      }
    }
    if (rollback != null) {
      return outcome(input, AgentUpdateStatus.ROLLED_BACK, rollback.runningVersion(), "the host rolled " + target + " back to "
          + versionName(rollback.runningVersion()) + ": " + rollback.reason());
    }
    if (lastCheckIn != null) {
      return outcome(input, AgentUpdateStatus.ROLLED_BACK, lastCheckIn.agentVersion(), "the host came back running "
          + lastCheckIn.agentVersion() + ", not " + target);
    }
    return outcome(input, AgentUpdateStatus.FAILED, null, "the host did not check in within " + wait.toSeconds() + " s of restarting");
  }

  private boolean succeeded(String target) {
    return lastCheckIn != null && target.equals(lastCheckIn.agentVersion());
  }

  private boolean cameBackOnAnother(String target) {
    return lastCheckIn != null && !target.equals(lastCheckIn.agentVersion());
  }

  /** @return null when the host is not connected anywhere */
  private AgentUpdateAnswer send(AgentUpdateCommand command) {
    for (int attempt = 1; attempt <= MAX_ROUTES; attempt++) {
      AgentLocation location = locator.locate(new LocateAgentRequest(command.hostId()));
      if (!location.connected()) {
        return null;
      }
      try {
        return rpcOn(location.replicaId()).updateAgent(command);
      } catch (ActivityFailure failure) {
        boolean moved = failure.getCause() instanceof ApplicationFailure application
            && AgentRpcActivities.AGENT_NOT_HERE.equals(application.getType());
        if (!moved && !(failure.getCause() instanceof TimeoutFailure timeout && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START)) {
          throw failure;
        }
        Workflow.sleep(Duration.ofMillis(500));
      }
    }
    return null;
  }

  private static AgentRpcActivities rpcOn(String replicaId) {
    return Workflow.newActivityStub(AgentRpcActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.agentRpc(replicaId))
        .setScheduleToStartTimeout(Duration.ofSeconds(5))
        .setStartToCloseTimeout(INSTALL_TIMEOUT)
        // Not retried blindly: a second request while the first installs is refused by the agent anyway.
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  /** Only once the agent said it restarts: a reconnect of the old version while it downloads says nothing. */
  @Override
  public void checkedIn(AgentCheckIn checkIn) {
    if (stage.equals("RESTARTING")) {
      lastCheckIn = checkIn;
    }
  }

  @Override
  public String stage() {
    return stage;
  }

  @Override
  public void rolledBack(AgentRollback report) {
    rollback = report;
  }

  private static AgentUpdateOutcome outcome(AgentUpdateInput input, AgentUpdateStatus status, String running, String reason) {
    return new AgentUpdateOutcome(input.updateId(), input.hostId(), status, running, reason);
  }

  private static String versionName(String version) {
    return version == null || version.isEmpty() ? "the installed package" : version;
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
