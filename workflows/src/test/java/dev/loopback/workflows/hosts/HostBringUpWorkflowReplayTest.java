package dev.loopback.workflows.hosts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Replays a recorded provisioned bring-up (see {@link HostBringUpHistoryRecorder}). */
class HostBringUpWorkflowReplayTest {
  private static final String HISTORY = "histories/host-bringup-provisioned.json";

  @Test
  void replaysAProvisionedBringUpWithoutNonDeterminism() {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, HostBringUpWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsTheRecordedBringUpWhenTheWorkflowSkipsProvisioning() {
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, SkipsProvisioning.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  /** A test-only variant that goes straight to the configuration steps. */
  public static class SkipsProvisioning implements HostBringUpWorkflow {
    @Override
    public BringUpResult bringUp(BringUpInput input) {
      HostBringUpActivities activities = Workflow.newActivityStub(HostBringUpActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      for (String step : input.steps()) {
        activities.applyStep(new StepRequest(input.hostId(), input.workspaceId(), step));
      }
      return new BringUpResult(new BringUpStatus(input.hostId(), BringUpPhase.MANAGED, null, null, null));
    }

    @Override
    public void agentCheckedIn(AgentCheckIn checkIn) {
    }

    @Override
    public BringUpStatus status() {
      return null;
    }
  }
}
