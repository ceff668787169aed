package dev.loopback.workflows.power;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Replays a recorded power off (see {@link PowerActionHistoryRecorder}). */
class PowerActionWorkflowReplayTest {
  private static final String HISTORY = "histories/power-off-polled.json";

  @Test
  void replaysAPolledPowerOffWithoutNonDeterminism() {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, PowerActionWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsTheRecordedHistoryWhenTheWorkflowStopsPolling() {
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, NeverPolls.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  /** A test-only variant that records success right after asking the provider. */
  public static class NeverPolls implements PowerActionWorkflow {
    @Override
    public PowerActionStatus act(PowerActionRequest request) {
      PowerActivities activities = Workflow.newActivityStub(PowerActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      var machine = activities.preparePowerAction(request);
      activities.requestPower(new PowerCommand(machine, request.action()));
      PowerActionStatus done = new PowerActionStatus(request.hostId(), request.action(), "SUCCEEDED", "OFF", null);
      activities.recordPowerOutcome(done);
      return done;
    }

    @Override
    public PowerActionStatus status() {
      return null;
    }
  }
}
