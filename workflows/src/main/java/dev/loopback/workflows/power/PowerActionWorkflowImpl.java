package dev.loopback.workflows.power;

import dev.loopback.workflows.SearchAttributes;
import dev.loopback.workflows.hosts.MachineRef;
import dev.loopback.workflows.hosts.MachineStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PowerActionWorkflowImpl implements PowerActionWorkflow {
  /** Cloud APIs take tens of seconds; asking more often than this only burns their rate limits. */
  static final Duration POLL = Duration.ofSeconds(3);

  private final PowerActivities activities = Workflow.newActivityStub(PowerActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setMaximumInterval(Duration.ofSeconds(30))
              .setMaximumAttempts(5)
              .setDoNotRetry("PowerRefused")
              .build())
          .build());

  private PowerActionStatus status;

  @Override
  public PowerActionStatus act(PowerActionRequest request) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.WORKSPACE.valueSet(request.workspaceId()));
    moveTo(new PowerActionStatus(request.hostId(), request.action(), "IN_PROGRESS", null, null));
    MachineRef machine;
    try {
      machine = activities.preparePowerAction(request);
    } catch (ActivityFailure refused) {
      // Nothing was asked of the provider, so there is nothing to record on the machine.
      moveTo(status.with("REFUSED", null, describe(refused)));
      return status;
    }
    try {
      MachineStatus machineStatus = activities.requestPower(new PowerCommand(machine, request.action()));
      long deadline = Workflow.currentTimeMillis() + request.deadline().toMillis();
      while (!request.targetState().equals(machineStatus.state())) {
        if (machineStatus.failed()) {
          return finish(status.with("FAILED", machineStatus.state(), "the provider reports " + machineStatus.state()
              + (machineStatus.detail() == null ? "" : ": " + machineStatus.detail())));
        }
        if (Workflow.currentTimeMillis() >= deadline) {
          return finish(status.with("TIMED_OUT", machineStatus.state(), "the machine was still " + machineStatus.state()
              + " after " + request.deadline() + "; expected " + request.targetState()));
        }
        moveTo(status.with("IN_PROGRESS", machineStatus.state(), null));
        Workflow.sleep(POLL);
        machineStatus = activities.powerState(machine);
      }
      return finish(status.with("SUCCEEDED", machineStatus.state(), null));
    } catch (ActivityFailure failure) {
      return finish(status.with("FAILED", status.machineState(), describe(failure)));
    }
  }

  private PowerActionStatus finish(PowerActionStatus outcome) {
    moveTo(outcome);
    activities.recordPowerOutcome(outcome);
    return outcome;
  }

  private void moveTo(PowerActionStatus next) {
    status = next;
    Workflow.setCurrentDetails("**Power " + next.action() + "** of host `" + next.hostId() + "`: " + next.outcome()
        + (next.machineState() == null ? "" : " — machine " + next.machineState())
        + (next.detail() == null ? "" : "\n\n" + next.detail()));
  }

  private static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    return cause instanceof ApplicationFailure application ? application.getOriginalMessage() : cause.getMessage();
  }

  @Override
  public PowerActionStatus status() {
    return status;
  }
}
