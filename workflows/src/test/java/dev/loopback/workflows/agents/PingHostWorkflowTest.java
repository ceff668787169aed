package dev.loopback.workflows.agents;

import static dev.loopback.workflows.agents.PingHostFixture.HOST;
import static dev.loopback.workflows.agents.PingHostFixture.at;
import static dev.loopback.workflows.agents.PingHostFixture.pong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PingHostWorkflowTest {
  private final PingHostFixture fixture = new PingHostFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void answersThroughTheReplicaTheRegistryNames() {
    when(fixture.locator.locate(any())).thenReturn(at("r2"));
    when(fixture.replica2.ping(any())).thenReturn(pong("r2"));

    PingHostResult result = fixture.workflow("a").ping(new PingHostInput(HOST, "a"));

    assertThat(result).isEqualTo(new PingHostResult(HOST, PingHostResult.Outcome.ANSWERED, 1, pong("r2")));
    verify(fixture.replica2).ping(new PingAgentRequest(HOST, "a"));
    verify(fixture.replica1, never()).ping(any());
  }

  @Test
  void reroutesWhenTheAgentMovedToAnotherReplica() {
    when(fixture.locator.locate(any())).thenReturn(at("r1"), at("r2"));
    when(fixture.replica1.ping(any())).thenThrow(
        ApplicationFailure.newNonRetryableFailure("host has no channel here", AgentRpcActivities.AGENT_NOT_HERE));
    when(fixture.replica2.ping(any())).thenReturn(pong("r2"));

    PingHostResult result = fixture.workflow("b").ping(new PingHostInput(HOST, "b"));

    assertThat(result.outcome()).isEqualTo(PingHostResult.Outcome.ANSWERED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.pong().replicaId()).isEqualTo("r2");
  }

  @Test
  void reroutesWhenTheNamedReplicaNeverStartsTheTask() {
    // "gone" has no worker: only the schedule-to-start timeout (skipped in test time) can end the wait.
    when(fixture.locator.locate(any())).thenReturn(at("gone"), at("r1"));
    when(fixture.replica1.ping(any())).thenReturn(pong("r1"));

    PingHostResult result = fixture.workflow("c").ping(new PingHostInput(HOST, "c"));

    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.pong().replicaId()).isEqualTo("r1");
  }

  @Test
  void reportsNotConnectedWhenNoReplicaHoldsAChannel() {
    when(fixture.locator.locate(any())).thenReturn(at(null));

    PingHostResult result = fixture.workflow("d").ping(new PingHostInput(HOST, "d"));

    assertThat(result).isEqualTo(new PingHostResult(HOST, PingHostResult.Outcome.NOT_CONNECTED, 1, null));
  }

  @Test
  void reportsATimeoutWithoutReroutingWhenTheAgentIsThereButSilent() {
    when(fixture.locator.locate(any())).thenReturn(at("r1"));
    when(fixture.replica1.ping(any())).thenThrow(
        ApplicationFailure.newNonRetryableFailure("no answer", AgentRpcActivities.AGENT_TIMEOUT));

    PingHostResult result = fixture.workflow("e").ping(new PingHostInput(HOST, "e"));

    assertThat(result.outcome()).isEqualTo(PingHostResult.Outcome.TIMED_OUT);
    verify(fixture.locator, times(1)).locate(any());
  }

  @Test
  void givesUpAfterAFixedNumberOfRoutesWhenTheAgentKeepsMoving() {
    when(fixture.locator.locate(any())).thenReturn(at("r1"));
    when(fixture.replica1.ping(any())).thenThrow(
        ApplicationFailure.newNonRetryableFailure("host has no channel here", AgentRpcActivities.AGENT_NOT_HERE));

    PingHostResult result = fixture.workflow("f").ping(new PingHostInput(HOST, "f"));

    assertThat(result.outcome()).isEqualTo(PingHostResult.Outcome.NOT_CONNECTED);
    assertThat(result.attempts()).isEqualTo(PingHostWorkflowImpl.MAX_ROUTES);
    verify(fixture.replica1, times(PingHostWorkflowImpl.MAX_ROUTES)).ping(any());
  }
}
