package dev.loopback.workflows.power;

import static dev.loopback.workflows.power.PowerFixture.HOST;
import static dev.loopback.workflows.power.PowerFixture.MACHINE;
import static dev.loopback.workflows.power.PowerFixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PowerActionWorkflowTest {
  private final PowerFixture fixture = new PowerFixture();
  private final PowerActivities activities = fixture.activities;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void pollsTheProviderUntilTheMachineIsOffAndRecordsTheOutcome() {
    when(activities.powerState(any())).thenReturn(state("RUNNING"), state("RUNNING"), state("OFF"));

    PowerActionStatus outcome = fixture.run(PowerFixture.request("OFF"));

    assertThat(outcome).isEqualTo(new PowerActionStatus(HOST, "OFF", "SUCCEEDED", "OFF", null));
    verify(activities).requestPower(new PowerCommand(MACHINE, "OFF"));
    verify(activities, times(3)).powerState(MACHINE);
    verify(activities).recordPowerOutcome(outcome);
  }

  @Test
  void anActionAlreadyAtItsTargetSucceedsWithoutPolling() {
    PowerActionStatus outcome = fixture.run(PowerFixture.request("ON"));

    assertThat(outcome.outcome()).isEqualTo("SUCCEEDED");
    verify(activities, never()).powerState(any());
  }

  @Test
  void timesOutWhenTheMachineDoesNotReachTheTargetByTheDeadline() {
    PowerActionStatus outcome = fixture.run(PowerFixture.request("OFF"));

    assertThat(outcome.outcome()).isEqualTo("TIMED_OUT");
    assertThat(outcome.detail()).contains("still RUNNING after PT2M").contains("expected OFF");
    verify(activities).recordPowerOutcome(outcome);
  }

  @Test
  void aRefusalAsksNothingOfTheProviderAndIsNotRetried() {
    when(activities.preparePowerAction(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "host is a Kubernetes node: cordon and drain it first, then send cordoned=true", "PowerRefused"));

    PowerActionStatus outcome = fixture.run(PowerFixture.request("RESET"));

    assertThat(outcome.outcome()).isEqualTo("REFUSED");
    assertThat(outcome.detail()).startsWith("host is a Kubernetes node");
    verify(activities, times(1)).preparePowerAction(any());
    verify(activities, never()).requestPower(any());
    verify(activities, never()).recordPowerOutcome(any());
  }

  @Test
  void retriesAProviderThatFailsForAWhile() {
    when(activities.requestPower(any())).thenThrow(new IllegalStateException("provider API 503"))
        .thenReturn(state("OFF"));

    PowerActionStatus outcome = fixture.run(PowerFixture.request("OFF"));

    assertThat(outcome.outcome()).isEqualTo("SUCCEEDED");
    verify(activities, times(2)).requestPower(any());
  }

  @Test
  void failsWhenTheProviderKeepsFailingOrReportsAnError() {
    when(activities.requestPower(any())).thenThrow(new IllegalStateException("provider API 503"));

    PowerActionStatus outcome = fixture.run(PowerFixture.request("OFF"));

    assertThat(outcome.outcome()).isEqualTo("FAILED");
    assertThat(outcome.detail()).contains("provider API 503");
    verify(activities, times(5)).requestPower(any());
    verify(activities).recordPowerOutcome(outcome);
  }

  @Test
  void aMachineInErrorFailsTheAction() {
    when(activities.requestPower(any())).thenReturn(new dev.loopback.workflows.hosts.MachineStatus(MACHINE, "ERROR", "namespace gone"));

    PowerActionStatus outcome = fixture.run(PowerFixture.request("ON"));

    assertThat(outcome).isEqualTo(new PowerActionStatus(HOST, "ON", "FAILED", "ERROR", "the provider reports ERROR: namespace gone"));
  }

  @Test
  void aSecondActionOnTheSameHostIsRefusedWhileOneRuns() {
    WorkflowClient.start(fixture.workflow()::act, PowerFixture.request("OFF"));

    assertThatThrownBy(() -> WorkflowClient.start(fixture.workflow()::act, PowerFixture.request("ON")))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }
}
