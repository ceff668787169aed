package dev.loopback.workflows.hosts;

import static dev.loopback.workflows.hosts.BringUpFixture.HOST;
import static dev.loopback.workflows.hosts.BringUpFixture.MACHINE;
import static dev.loopback.workflows.hosts.BringUpFixture.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostBringUpWorkflowTest {
  private final BringUpFixture fixture = new BringUpFixture();
  private final HostBringUpActivities activities = fixture.activities;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void anAdoptedHostIsManagedAfterItsCheckInAndEveryStepInOrder() {
    BringUpResult result = fixture.runCheckedIn(BringUpFixture.adopt(List.of("mesh", "modules")));

    assertThat(result.status()).isEqualTo(new BringUpStatus(HOST, BringUpPhase.MANAGED, null, null, null));
    var order = inOrder(activities);
    order.verify(activities).revokeInstallToken(new TokenRevocation(WORKSPACE, "token-a", "used: the host checked in"));
    order.verify(activities).applyStep(new StepRequest(HOST, WORKSPACE, "mesh"));
    order.verify(activities).applyStep(new StepRequest(HOST, WORKSPACE, "modules"));
    order.verify(activities).recordLifecycle(new LifecycleChange(HOST, "MANAGED", null));
    verify(activities, never()).provision(any());
  }

  @Test
  void failsAndRevokesTheTokenWhenTheAgentDoesNotCheckInByTheDeadline() {
    WorkflowClient.start(fixture.workflow()::bringUp, BringUpFixture.adopt(List.of("mesh")));

    BringUpResult result = fixture.result();

    assertThat(result.status().phase()).isEqualTo(BringUpPhase.FAILED);
    assertThat(result.status().reason()).contains("did not check in within PT30M");
    verify(activities).revokeInstallToken(new TokenRevocation(WORKSPACE, "token-a", result.status().reason()));
    verify(activities).recordLifecycle(new LifecycleChange(HOST, "FAILED", result.status().reason()));
    verify(activities, never()).applyStep(any());
  }

  @Test
  void pollsAProvisionedMachineUntilItRuns() {
    when(activities.machineStatus(any())).thenReturn(
        new MachineStatus(MACHINE, "CREATING", null), new MachineStatus(MACHINE, "CREATING", null), new MachineStatus(MACHINE, "RUNNING", null));

    BringUpResult result = fixture.runCheckedIn(BringUpFixture.provision(List.of()));

    assertThat(result.status()).isEqualTo(new BringUpStatus(HOST, BringUpPhase.MANAGED, null, "lbh-0b6c", null));
    verify(activities, times(3)).machineStatus(MACHINE);
    verify(activities).revokeInstallToken(new TokenRevocation(WORKSPACE, "token-p", "used: the host checked in"));
    verify(activities, never()).destroy(any());
  }

  @Test
  void retriesAProviderCallThatFailsForAWhile() {
    when(activities.provision(any()))
        .thenThrow(new IllegalStateException("provider API 503"), new IllegalStateException("provider API 503"))
        .thenReturn(new ProvisionResult(MACHINE, "token-p"));

    BringUpResult result = fixture.runCheckedIn(BringUpFixture.provision(List.of()));

    assertThat(result.status().phase()).isEqualTo(BringUpPhase.MANAGED);
    verify(activities, times(3)).provision(any());
  }

  @Test
  void destroysTheMachineAndRevokesTheTokenWhenTheProviderReportsAnError() {
    when(activities.machineStatus(any())).thenReturn(new MachineStatus(MACHINE, "ERROR", "quota exceeded"));

    BringUpResult result = fixture.runCheckedIn(BringUpFixture.provision(List.of()));

    assertThat(result.status().phase()).isEqualTo(BringUpPhase.FAILED);
    assertThat(result.status().reason()).contains("ERROR").contains("quota exceeded");
    verify(activities).destroy(new MachineRef(HOST, "netns", "lbh-0b6c"));
    verify(activities).revokeInstallToken(any());
  }

  @Test
  void aFailedStepFailsTheBringUpNamingTheStep() {
    doReturn(new StepResult("mesh", false, "address pool exhausted")).when(activities).applyStep(any());

    BringUpResult result = fixture.runCheckedIn(BringUpFixture.adopt(List.of("mesh", "modules")));

    assertThat(result.status().phase()).isEqualTo(BringUpPhase.FAILED);
    assertThat(result.status().step()).isEqualTo("mesh");
    assertThat(result.status().reason()).isEqualTo("configuration step mesh failed: address pool exhausted");
    verify(activities, never()).applyStep(new StepRequest(HOST, WORKSPACE, "modules"));
  }

  @Test
  void cancellingCompensatesEvenThoughTheWorkflowIsCancelled() {
    HostBringUpWorkflow workflow = fixture.workflow();
    WorkflowClient.start(workflow::bringUp, BringUpFixture.provision(List.of()));
    awaitPhase(workflow, BringUpPhase.AWAITING_CHECK_IN);

    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(fixture::result).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    verify(activities).destroy(new MachineRef(HOST, "netns", "lbh-0b6c"));
    verify(activities).revokeInstallToken(new TokenRevocation(WORKSPACE, "token-p", "the bring-up was cancelled"));
    verify(activities).recordLifecycle(new LifecycleChange(HOST, "FAILED", "the bring-up was cancelled"));
  }

  @Test
  /** The provision call is waited for, not abandoned, so the machine it creates is known and destroyed. */
  void cancellingWhileTheMachineIsBeingCreatedStillDestroysIt() {
    when(activities.provision(any())).thenAnswer(call -> {
      Thread.sleep(1500);
      return new ProvisionResult(MACHINE, "token-p");
    });
    HostBringUpWorkflow workflow = fixture.workflow();
    WorkflowClient.start(workflow::bringUp, BringUpFixture.provision(List.of()));
    verify(activities, timeout(5000)).provision(any());

    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(fixture::result).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    verify(activities).destroy(MACHINE);
    verify(activities).revokeInstallToken(new TokenRevocation(WORKSPACE, "token-p", "the bring-up was cancelled"));
    verify(activities).recordLifecycle(new LifecycleChange(HOST, "FAILED", "the bring-up was cancelled"));
  }

  @Test
  void theQueryShowsWhereTheBringUpIs() {
    HostBringUpWorkflow workflow = fixture.workflow();
    WorkflowClient.start(workflow::bringUp, BringUpFixture.adopt(List.of()));

    awaitPhase(workflow, BringUpPhase.AWAITING_CHECK_IN);
    assertThat(workflow.status()).isEqualTo(new BringUpStatus(HOST, BringUpPhase.AWAITING_CHECK_IN, null, null, null));

    workflow.agentCheckedIn(BringUpFixture.checkIn());
    assertThat(fixture.result().status().phase()).isEqualTo(BringUpPhase.MANAGED);
  }

  /** Activities run in real time while nobody waits for the result; the query is answered meanwhile. */
  private static void awaitPhase(HostBringUpWorkflow workflow, BringUpPhase phase) {
    for (int i = 0; i < 100 && workflow.status().phase() != phase; i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertThat(workflow.status().phase()).isEqualTo(phase);
  }
}
