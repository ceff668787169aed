package dev.loopback.workflows.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.loopback.workflows.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records {@code histories/token-hygiene.json} for {@link TokenHygieneWorkflowReplayTest}: two
 * batches expire tokens, one flags tokens for rotation.
 *
 * <p>Re-record only on purpose: the point of the file is to hold the history that workflows already
 * running in production have, so a change that breaks replay must fail that test rather than be
 * papered over. Keep the old file as e.g. {@code token-hygiene-v1.json} when the workflow changes
 * under a version marker. To re-record, from the repository root:
 *
 * <pre>mvn -o -pl workflows test -Dtest=TokenHygieneHistoryRecorder -Dloopback.recordHistories=true</pre>
 *
 * Not named {@code *Test}, and off without the property, so an ordinary build never rewrites it.
 */
@EnabledIfSystemProperty(named = "loopback.recordHistories", matches = "true")
class TokenHygieneHistoryRecorder {

  private static final Path HISTORY = Path.of("src/test/resources/histories/token-hygiene.json");

  @Test
  void recordsASweepOfTwoExpireBatchesAndOneFlagBatch() throws Exception {
    TokenHygieneActivities activities = mock(TokenHygieneActivities.class, withSettings().withoutAnnotations());
    when(activities.expireDueTokens(any()))
        .thenReturn(new TokenSweepBatch(500, true), new TokenSweepBatch(120, false));
    when(activities.flagTokensDueForRotation(any())).thenReturn(new TokenSweepBatch(7, false));

    try (TestWorkflowEnvironment testEnv = TestWorkflowEnvironment.newInstance()) {
      Worker worker = testEnv.newWorker(TaskQueues.CONTROL);
      worker.registerWorkflowImplementationTypes(TokenHygieneWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      testEnv.start();
      TokenHygieneWorkflow workflow = testEnv.getWorkflowClient().newWorkflowStub(
          TokenHygieneWorkflow.class,
          WorkflowOptions.newBuilder()
              .setWorkflowId(TokenHygieneWorkflow.WORKFLOW_ID)
              .setTaskQueue(TaskQueues.CONTROL)
              .build());

      assertThat(workflow.sweep(new TokenHygieneInput(500))).isEqualTo(new TokenHygieneResult(620, 7, true));

      Files.createDirectories(HISTORY.getParent());
      Files.writeString(
          HISTORY, testEnv.getWorkflowClient().fetchHistory(TokenHygieneWorkflow.WORKFLOW_ID).toJson(true));
    }
  }
}
