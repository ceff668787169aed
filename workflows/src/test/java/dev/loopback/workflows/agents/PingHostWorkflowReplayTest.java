package dev.loopback.workflows.agents;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import io.temporal.activity.ActivityOptions;
import org.junit.jupiter.api.Test;

/** Replays a recorded rerouted ping (see {@link PingHostHistoryRecorder}). */
class PingHostWorkflowReplayTest {
  private static final String HISTORY = "histories/ping-host-rerouted.json";

  @Test
  void replaysAReroutedPingWithoutNonDeterminism() {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, PingHostWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsTheRecordedPingWhenTheWorkflowSkipsTheRegistry() {
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, PingsWithoutLocating.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  /** A test-only variant that calls a fixed replica without asking the registry first. */
  public static class PingsWithoutLocating implements PingHostWorkflow {
    @Override
    public PingHostResult ping(PingHostInput input) {
      PingAgentResult pong = Workflow.newActivityStub(AgentRpcActivities.class, ActivityOptions.newBuilder()
          .setTaskQueue("agent-rpc/r2").setStartToCloseTimeout(Duration.ofSeconds(5)).build())
          .ping(new PingAgentRequest(input.hostId(), input.requestId()));
      return new PingHostResult(input.hostId(), PingHostResult.Outcome.ANSWERED, 1, pong);
    }
  }
}
