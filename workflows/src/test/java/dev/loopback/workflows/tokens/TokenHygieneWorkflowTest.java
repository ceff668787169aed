package dev.loopback.workflows.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class TokenHygieneWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(TokenHygieneWorkflowImpl.class)
          .setUseTimeskipping(true)
          // Started by each test once its mocked activities are registered.
          .setDoNotStart(true)
          .build();

  // A plain mock copies @ActivityMethod onto its own methods, and registration then fails with
  // "This annotation can be used only on the interface method it implements".
  private final TokenHygieneActivities activities =
      mock(TokenHygieneActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void registerActivities(TestWorkflowEnvironment testEnv, Worker worker) {
    worker.registerActivitiesImplementations(activities);
    testEnv.start();
  }

  @Test
  void sumsChangedTokensAcrossBatchesUntilNoMoreAreDue(TokenHygieneWorkflow workflow) {
    when(activities.expireDueTokens(any()))
        .thenReturn(new TokenSweepBatch(500, true), new TokenSweepBatch(500, true), new TokenSweepBatch(42, false));
    when(activities.flagTokensDueForRotation(any()))
        .thenReturn(new TokenSweepBatch(3, true), new TokenSweepBatch(4, false));

    TokenHygieneResult result = workflow.sweep(new TokenHygieneInput(500));

    assertThat(result).isEqualTo(new TokenHygieneResult(1042, 7, true));
    verify(activities, times(3)).expireDueTokens(any());
    verify(activities, times(2)).flagTokensDueForRotation(any());
  }

  @Test
  void stopsEachStepAtTheBatchCapAndReportsTheSweepIncomplete(TokenHygieneWorkflow workflow) {
    when(activities.expireDueTokens(any())).thenReturn(new TokenSweepBatch(10, true));
    when(activities.flagTokensDueForRotation(any())).thenReturn(new TokenSweepBatch(1, true));

    TokenHygieneResult result = workflow.sweep(new TokenHygieneInput(10));

    assertThat(result).isEqualTo(new TokenHygieneResult(1000, 100, false));
    verify(activities, times(TokenHygieneWorkflowImpl.MAX_BATCHES_PER_STEP)).expireDueTokens(any());
    verify(activities, times(TokenHygieneWorkflowImpl.MAX_BATCHES_PER_STEP)).flagTokensDueForRotation(any());
  }

  @Test
  void givesEveryBatchOfARunTheSameAsOfTakenFromWorkflowTimeAtTheStart(
      TestWorkflowEnvironment testEnv, WorkflowClient client, WorkflowOptions options) {
    // The failed first flag call is retried after a backoff timer, so workflow time has moved on
    // by the later calls: an implementation reading the clock per step or batch would show it.
    when(activities.expireDueTokens(any()))
        .thenReturn(new TokenSweepBatch(1, true), new TokenSweepBatch(1, false));
    when(activities.flagTokensDueForRotation(any()))
        .thenThrow(new IllegalStateException("database restarting"))
        .thenReturn(new TokenSweepBatch(1, true), new TokenSweepBatch(1, false));
    TokenHygieneWorkflow workflow = client.newWorkflowStub(
        TokenHygieneWorkflow.class,
        WorkflowOptions.newBuilder(options).setWorkflowId(TokenHygieneWorkflow.WORKFLOW_ID).build());
    long before = testEnv.currentTimeMillis();

    workflow.sweep(new TokenHygieneInput(0));

    long after = testEnv.currentTimeMillis();
    ArgumentCaptor<TokenSweepRequest> requests = ArgumentCaptor.forClass(TokenSweepRequest.class);
    verify(activities, times(2)).expireDueTokens(requests.capture());
    verify(activities, times(3)).flagTokensDueForRotation(requests.capture());
    Instant firstWorkflowTaskStarted = firstWorkflowTaskStartedTime(client, TokenHygieneWorkflow.WORKFLOW_ID);
    assertThat(after - before).as("time moved on during the run").isGreaterThanOrEqualTo(1000);
    assertThat(requests.getAllValues())
        .hasSize(5)
        .allSatisfy(request -> {
          assertThat(request.asOf()).isEqualTo(firstWorkflowTaskStarted);
          assertThat(request.asOf().toEpochMilli()).isBetween(before, after);
          assertThat(request.limit()).isEqualTo(TokenHygieneInput.DEFAULT_BATCH_SIZE);
        });
  }

  @Test
  void retriesAFailingActivityAndStillCountsEveryToken(TokenHygieneWorkflow workflow) {
    when(activities.expireDueTokens(any()))
        .thenThrow(new IllegalStateException("connection reset"))
        .thenThrow(new IllegalStateException("connection reset"))
        .thenReturn(new TokenSweepBatch(8, false));
    when(activities.flagTokensDueForRotation(any())).thenReturn(new TokenSweepBatch(2, false));

    TokenHygieneResult result = workflow.sweep(new TokenHygieneInput(100));

    assertThat(result).isEqualTo(new TokenHygieneResult(8, 2, true));
    verify(activities, times(3)).expireDueTokens(any());
  }

  @Test
  void sweepsAgainOnEachCronTickWhenRunAsACronWorkflow(
      TestWorkflowEnvironment testEnv, WorkflowClient client, WorkflowOptions options) {
    when(activities.expireDueTokens(any())).thenReturn(new TokenSweepBatch(1, false));
    when(activities.flagTokensDueForRotation(any())).thenReturn(new TokenSweepBatch(0, false));
    TokenHygieneWorkflow workflow = client.newWorkflowStub(
        TokenHygieneWorkflow.class,
        WorkflowOptions.newBuilder(options)
            .setWorkflowId(TokenHygieneWorkflow.WORKFLOW_ID)
            .setCronSchedule("*/15 * * * *")
            .build());
    WorkflowClient.start(workflow::sweep, new TokenHygieneInput(0));

    // 31 minutes hold at least two */15 ticks wherever the test clock starts.
    testEnv.sleep(Duration.ofMinutes(31));

    try {
      ArgumentCaptor<TokenSweepRequest> requests = ArgumentCaptor.forClass(TokenSweepRequest.class);
      verify(activities, atLeast(2)).expireDueTokens(requests.capture());
      assertThat(requests.getAllValues())
          .extracting(TokenSweepRequest::asOf)
          .as("each run takes its own asOf")
          .doesNotHaveDuplicates();
    } finally {
      // A cron workflow never completes on its own; terminate the chain so it cannot outlive the test.
      client.newUntypedWorkflowStub(TokenHygieneWorkflow.WORKFLOW_ID).terminate("test finished");
    }
  }

  private static Instant firstWorkflowTaskStartedTime(WorkflowClient client, String workflowId) {
    HistoryEvent started = client.fetchHistory(workflowId).getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
        .findFirst()
        .orElseThrow();
    return Instant.ofEpochSecond(started.getEventTime().getSeconds(), started.getEventTime().getNanos())
        .truncatedTo(ChronoUnit.MILLIS);
  }
}
