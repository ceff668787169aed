package dev.loopback.workflows.mesh;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays a recorded round with a rollback (see {@link NetworkApplyHistoryRecorder}). */
class NetworkApplyWorkflowReplayTest {
  private static final String HISTORY = "histories/network-apply-rolled-back.json";

  @Test
  void replaysARolledBackRoundWithoutNonDeterminism() {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, NetworkApplyWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsTheRecordedHistoryWhenTheWorkflowSkipsThePushes() {
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, RecordsWithoutPushing.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  /** A test-only variant that plans and records without delivering anything. */
  public static class RecordsWithoutPushing implements NetworkApplyWorkflow {
    @Override
    public void apply(String networkId) {
      MeshActivities activities = Workflow.newActivityStub(MeshActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      MeshPlan plan = activities.planNetwork(networkId);
      activities.recordRound(new MeshRoundOutcome(networkId, "APPLIED", plan.hosts(), List.of()));
    }

    @Override
    public void meshChanged() {
    }

    @Override
    public MeshRoundOutcome lastRound() {
      return null;
    }
  }
}
