package dev.loopback.workflows.mesh;

import static dev.loopback.workflows.mesh.MeshFixture.host;
import static dev.loopback.workflows.mesh.MeshFixture.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopback.workflows.agents.AgentLocation;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class NetworkApplyWorkflowTest {
  private final MeshFixture fixture = new MeshFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void pushesEveryChangedHostAndRecordsTheRoundApplied() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("b", 5), host("c", 1)));

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("APPLIED");
    assertThat(round.results()).extracting(MeshPushResult::hostId).containsExactly("a", "b", "c");
    verify(fixture.rpc).applyMesh(new MeshPushRequest("b", 5, "sha256:b5", NetworkApplyWorkflowImpl.VERIFY_TIMEOUT_MILLIS));
  }

  @Test
  void oneHostFailingRollsBackEveryHostThatApplied() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("b", 5), host("c", 1)));
    doAnswer(call -> {
      MeshPushRequest request = call.getArgument(0);
      return request.hostId().equals("b") && request.revision() == 5
          ? new MeshPushResult("b", 5, "ROLLED_BACK", "peer 10.90.0.1 did not answer within 10s")
          : new MeshPushResult(request.hostId(), request.revision(), "APPLIED", null);
    }).when(fixture.rpc).applyMesh(any());

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("ROLLED_BACK");
    verify(fixture.rpc).applyMesh(argThat(r -> r.hostId().equals("a") && r.revision() == 1));
    // b restored its last-known-good itself; c had no mesh before, so there is nothing to go back to.
    verify(fixture.rpc, never()).applyMesh(argThat(r -> r.hostId().equals("b") && r.revision() == 4));
    verify(fixture.rpc, times(1)).applyMesh(argThat(r -> r.hostId().equals("c")));
    assertThat(round.results()).extracting(r -> r.hostId() + "@" + r.revision() + " " + r.outcome())
        .containsExactly("a@2 APPLIED", "b@5 ROLLED_BACK", "c@1 APPLIED", "a@1 APPLIED");
  }

  @Test
  void aDisconnectedHostIsNoReasonToRollBack() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("gone", 3)));
    doReturn(new AgentLocation("gone", null)).when(fixture.locator).locate(argThat(r -> r != null && r.hostId().equals("gone")));

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("APPLIED");
    assertThat(round.results()).extracting(MeshPushResult::outcome).containsExactly("APPLIED", "NOT_CONNECTED");
  }

  @Test
  void anAgentThatDoesNotAnswerFailsTheRound() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("slow", 7)));
    doThrow(ApplicationFailure.newNonRetryableFailure("no answer in 15s", "AgentTimeout"))
        .when(fixture.rpc).applyMesh(argThat(r -> r != null && r.hostId().equals("slow")));

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("ROLLED_BACK");
    assertThat(round.results()).extracting(MeshPushResult::outcome).contains("TIMED_OUT");
    verify(fixture.rpc).applyMesh(argThat(r -> r.hostId().equals("a") && r.revision() == 1));
  }

  @Test
  void nothingChangedMeansNothingPushedOrRecorded() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan());

    fixture.runUntilIdle();

    verify(fixture.rpc, never()).applyMesh(any());
    verify(fixture.mesh, never()).recordRound(any());
  }

  @Test
  void changesSignalledDuringARoundAreCoalescedIntoTheNextOne() {
    NetworkApplyWorkflow workflow = fixture.workflow();
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenAnswer(call -> {
      Thread.sleep(300);
      return plan(host("a", 2));
    });
    var request = fixture.env.getWorkflowClient().newSignalWithStartRequest();
    request.add(workflow::apply, MeshFixture.NETWORK);
    request.add(workflow::meshChanged);
    request.add(workflow::meshChanged);
    fixture.env.getWorkflowClient().signalWithStart(request);
    workflow.meshChanged();

    fixture.env.getWorkflowClient().newUntypedWorkflowStub(NetworkApplyWorkflow.workflowId(MeshFixture.NETWORK)).getResult(Void.class);

    // The start and its signals are one change; the signal after that is at most one more round.
    verify(fixture.mesh, atMost(2)).planNetwork(MeshFixture.NETWORK);
    verify(fixture.mesh, atLeast(1)).planNetwork(MeshFixture.NETWORK);
  }

  private MeshRoundOutcome recordedRound() {
    ArgumentCaptor<MeshRoundOutcome> round = ArgumentCaptor.forClass(MeshRoundOutcome.class);
    verify(fixture.mesh).recordRound(round.capture());
    List<MeshRoundOutcome> all = round.getAllValues();
    return all.get(all.size() - 1);
  }
}
