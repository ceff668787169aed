package dev.loopback.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.api.scheduling.ScheduledWorkflowInstaller.Mode;
import dev.loopback.workflows.tokens.TokenHygieneInput;
import dev.loopback.workflows.tokens.TokenHygieneResult;
import dev.loopback.workflows.tokens.TokenHygieneWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fallback path end to end, on the same in-process test server the embedded mode runs: it has
 * no Schedules API, so the installer must fall back to a cron workflow that really runs.
 */
class ScheduledWorkflowInstallerOnTestServerTest {

  private static final String TASK_QUEUE = "scheduled-workflow-installer-test";
  private static final ScheduledWorkflow TOKEN_HYGIENE = new ScheduledWorkflow(
      TokenHygieneWorkflow.WORKFLOW_ID, TokenHygieneWorkflow.class, new TokenHygieneInput(0), "*/15 * * * *", TASK_QUEUE);

  private TestWorkflowEnvironment testEnv;
  private ScheduledWorkflowInstaller installer;

  @BeforeEach
  void startTestServer() {
    CountingTokenHygiene.RUNS.set(0);
    testEnv = TestWorkflowEnvironment.newInstance();
    testEnv.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(CountingTokenHygiene.class);
    testEnv.start();
    installer = new ScheduledWorkflowInstaller(
        ScheduleClient.newInstance(
            testEnv.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder().setNamespace(testEnv.getNamespace()).build()),
        testEnv.getWorkflowClient());
  }

  @AfterEach
  void stopTestServer() {
    // close() does not end the cron chain by itself; terminate it so the worker shuts down idle.
    try {
      testEnv.getWorkflowClient().newUntypedWorkflowStub(TOKEN_HYGIENE.id()).terminate("test finished");
    } catch (RuntimeException notStarted) {
      // The test failed before anything was installed.
    }
    testEnv.close();
  }

  @Test
  void fallsBackToACronWorkflowThatRunsOnEveryTick() {
    assertThat(installer.install(TOKEN_HYGIENE)).isEqualTo(Mode.CRON_WORKFLOW);

    // 31 minutes hold at least two */15 ticks wherever the test clock starts.
    testEnv.sleep(Duration.ofMinutes(31));

    assertThat(CountingTokenHygiene.RUNS).hasValueGreaterThanOrEqualTo(2);
  }

  @Test
  void installingAgainLeavesTheRunningCronWorkflowAlone() {
    installer.install(TOKEN_HYGIENE);
    String runId = currentRunId();

    assertThat(installer.install(TOKEN_HYGIENE)).isEqualTo(Mode.CRON_WORKFLOW);

    assertThat(currentRunId()).isEqualTo(runId);
  }

  private String currentRunId() {
    return testEnv.getWorkflowServiceStubs().blockingStub()
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(testEnv.getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(TOKEN_HYGIENE.id()))
            .build())
        .getWorkflowExecutionInfo().getExecution().getRunId();
  }

  /** Stands in for the real sweep, which needs a database; counts how often the cron ran it. */
  public static class CountingTokenHygiene implements TokenHygieneWorkflow {

    // Static because Temporal creates a new instance per run; each run is one workflow task, so
    // nothing replays and double-counts.
    static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    public TokenHygieneResult sweep(TokenHygieneInput input) {
      RUNS.incrementAndGet();
      return new TokenHygieneResult(0, 0, true);
    }
  }
}
