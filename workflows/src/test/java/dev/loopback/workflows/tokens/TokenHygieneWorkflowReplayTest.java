package dev.loopback.workflows.tokens;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded sweep (see {@link TokenHygieneHistoryRecorder}) so a change to the workflow
 * that would break sweeps already running on a cluster fails here, not on the cluster.
 */
class TokenHygieneWorkflowReplayTest {

  private static final String HISTORY = "histories/token-hygiene.json";

  @Test
  void replaysARecordedSweepWithoutNonDeterminism() {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, TokenHygieneWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsTheRecordedSweepWhenTheStepsRunInAnotherOrder() {
    // Proves the replay above can fail at all: same history, commands in a different order. The
    // replayer reports it as a RuntimeException whose message, not cause, names the
    // NonDeterministicException ("TMPRL1100"), so the message is what can be checked.
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, FlagsBeforeExpiring.class))
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("FlagTokensDueForRotation");
  }

  /** A test-only variant that flags before it expires; registered under the same workflow type. */
  public static class FlagsBeforeExpiring implements TokenHygieneWorkflow {

    private final TokenHygieneActivities activities = Workflow.newActivityStub(
        TokenHygieneActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public TokenHygieneResult sweep(TokenHygieneInput input) {
      TokenSweepRequest request =
          new TokenSweepRequest(Instant.ofEpochMilli(Workflow.currentTimeMillis()), input.batchSize());
      TokenSweepBatch flagged = activities.flagTokensDueForRotation(request);
      TokenSweepBatch expired = activities.expireDueTokens(request);
      return new TokenHygieneResult(expired.changed(), flagged.changed(), true);
    }
  }
}
