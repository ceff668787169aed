package dev.loopback.workflows.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.agents.AgentLocation;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.hosts.AgentCheckIn;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Time-skipping Temporal: the check-in deadline and the grace periods pass without waiting. */
class AgentUpdateWorkflowTest {
  private static final String HOST = "5b0c2c2e-3f7e-4f57-a7c2-8d8e1b6f9a01";
  private static final AgentPackage RELEASE = new AgentPackage("1.1.0", "stable", "amd64", "tar.gz", 4096, "ab".repeat(64), "c2ln",
      "ops-2026", "/system/v1/downloads/catalog/agent/1.1.0/loopback-agent-1.1.0-linux.tar.gz", "");
  private static final AgentUpdateInput INPUT = new AgentUpdateInput("u-1", HOST, "1.0.0", RELEASE, 120);

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final AgentLocatorActivities locator = mock(AgentLocatorActivities.class, withSettings().withoutAnnotations());
  private final AgentRpcActivities replica = mock(AgentRpcActivities.class, withSettings().withoutAnnotations());
  private final AgentUpdateActivities records = mock(AgentUpdateActivities.class, withSettings().withoutAnnotations());

  AgentUpdateWorkflowTest() {
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(AgentUpdateWorkflowImpl.class);
    control.registerActivitiesImplementations(locator, records);
    env.newWorker(TaskQueues.agentRpc("r1")).registerActivitiesImplementations(replica);
    env.start();
    when(locator.locate(any())).thenReturn(new AgentLocation(HOST, "r1"));
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void succeedsWhenTheNewVersionChecksIn() {
    when(replica.updateAgent(any())).thenReturn(new AgentUpdateAnswer(true, null, null));
    AgentUpdateWorkflow workflow = restarting();

    workflow.checkedIn(checkIn("1.1.0"));

    AgentUpdateOutcome outcome = result();
    assertThat(outcome).isEqualTo(new AgentUpdateOutcome("u-1", HOST, AgentUpdateStatus.SUCCEEDED, "1.1.0", "checked in running 1.1.0"));
    verify(replica).updateAgent(new AgentUpdateCommand(HOST, RELEASE, 120));
    verify(records).finish(outcome);
  }

  @Test
  void aReconnectOfTheOldVersionBeforeTheRestartIsNotARollback() {
    when(replica.updateAgent(any())).thenAnswer(call -> {
      Thread.sleep(300);
      return new AgentUpdateAnswer(true, null, null);
    });
    AgentUpdateWorkflow workflow = start();

    workflow.checkedIn(checkIn("1.0.0"));

    // Counted, it would end ROLLED_BACK ("came back running 1.0.0"); ignored, the host simply never returns.
    assertThat(result().status()).isEqualTo(AgentUpdateStatus.FAILED);
  }

  @Test
  void aRefusalEndsItAtOnceWithTheAgentsReason() {
    when(replica.updateAgent(any())).thenReturn(new AgentUpdateAnswer(false, "sha512", "the downloaded file's SHA-512 is 00"));
    start();

    AgentUpdateOutcome outcome = result();

    assertThat(outcome.status()).isEqualTo(AgentUpdateStatus.REFUSED);
    assertThat(outcome.runningVersion()).isEqualTo("1.0.0");
    assertThat(outcome.reason()).isEqualTo("the agent refused 1.1.0: sha512: the downloaded file's SHA-512 is 00");
    verify(records).finish(outcome);
  }

  @Test
  void theLaunchersRollbackReportEndsItRolledBack() {
    when(replica.updateAgent(any())).thenReturn(new AgentUpdateAnswer(true, null, null));
    AgentUpdateWorkflow workflow = restarting();

    workflow.checkedIn(checkIn("1.0.0"));
    workflow.rolledBack(new AgentRollback(HOST, "1.1.0", "1.0.0", "exited with status 1 before it checked in"));

    AgentUpdateOutcome outcome = result();
    assertThat(outcome.status()).isEqualTo(AgentUpdateStatus.ROLLED_BACK);
    assertThat(outcome.runningVersion()).isEqualTo("1.0.0");
    assertThat(outcome.reason()).isEqualTo("the host rolled 1.1.0 back to 1.0.0: exited with status 1 before it checked in");
  }

  @Test
  void aHostBackOnTheOldVersionWithoutAReportIsRolledBackAfterAGrace() {
    when(replica.updateAgent(any())).thenReturn(new AgentUpdateAnswer(true, null, null));
    AgentUpdateWorkflow workflow = restarting();

    workflow.checkedIn(checkIn("1.0.0"));

    AgentUpdateOutcome outcome = result();
    assertThat(outcome.status()).isEqualTo(AgentUpdateStatus.ROLLED_BACK);
    assertThat(outcome.reason()).isEqualTo("the host came back running 1.0.0, not 1.1.0");
  }

  @Test
  void aHostThatNeverComesBackFailsAfterTheDeadlineAndTheRollbackGrace() {
    when(replica.updateAgent(any())).thenReturn(new AgentUpdateAnswer(true, null, null));
    long started = env.currentTimeMillis();
    start();

    AgentUpdateOutcome outcome = result();

    assertThat(outcome.status()).isEqualTo(AgentUpdateStatus.FAILED);
    assertThat(outcome.runningVersion()).isNull();
    assertThat(Duration.ofMillis(env.currentTimeMillis() - started))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(120).plus(AgentUpdateWorkflowImpl.ROLLBACK_GRACE));
  }

  @Test
  void aHostThatIsNotConnectedFailsWithoutBeingSentAnything() {
    when(locator.locate(any())).thenReturn(new AgentLocation(HOST, null));
    start();

    AgentUpdateOutcome outcome = result();

    assertThat(outcome.status()).isEqualTo(AgentUpdateStatus.FAILED);
    assertThat(outcome.reason()).isEqualTo("the host is not connected to the control plane");
    verify(replica, never()).updateAgent(any());
  }

  private AgentUpdateWorkflow start() {
    AgentUpdateWorkflow workflow = env.getWorkflowClient().newWorkflowStub(AgentUpdateWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(AgentUpdateWorkflow.workflowId(HOST)).setTaskQueue(TaskQueues.CONTROL).build());
    WorkflowClient.start(workflow::update, INPUT);
    return workflow;
  }

  /** Signals count only once the agent said it restarts. */
  private AgentUpdateWorkflow restarting() {
    AgentUpdateWorkflow workflow = start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!workflow.stage().equals("RESTARTING")) {
      assertThat(System.nanoTime()).as("the workflow reaches RESTARTING").isLessThan(deadline);
      Thread.onSpinWait();
    }
    return workflow;
  }

  private AgentUpdateOutcome result() {
    return env.getWorkflowClient().newUntypedWorkflowStub(AgentUpdateWorkflow.workflowId(HOST)).getResult(AgentUpdateOutcome.class);
  }

  private static AgentCheckIn checkIn(String version) {
    return new AgentCheckIn(HOST, version, "r1", 0);
  }
}
