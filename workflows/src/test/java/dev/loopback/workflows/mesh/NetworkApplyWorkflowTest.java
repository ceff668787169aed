package dev.loopback.workflows.mesh;

import static dev.loopback.workflows.mesh.MeshFixture.host;
import static dev.loopback.workflows.mesh.MeshFixture.plan;
import static dev.loopback.workflows.mesh.MeshFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    assertThat(fixture.pushes()).contains(new MeshPushRequest("b", 5, "sha256:b5", NetworkApplyWorkflowImpl.VERIFY_TIMEOUT_MILLIS));
  }

  @Test
  void oneHostFailingRollsBackEveryHostThatApplied() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("b", 5), host("c", 1)));
    fixture.agents = push -> push.hostId().equals("b") && push.revision() == 5
        ? new MeshPushResult("b", 5, "ROLLED_BACK", "peer 10.90.0.1 did not answer within 15s")
        : result(push, "APPLIED");

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("ROLLED_BACK");
    // b restored its last-known-good itself; c had no mesh before, so there is nothing to go back to.
    assertThat(fixture.pushes()).extracting(push -> push.hostId() + "@" + push.revision() + " " + push.hash())
        .containsExactlyInAnyOrder("a@2 sha256:a2", "b@5 sha256:b5", "c@1 sha256:c1", "a@1 null");
    assertThat(round.results()).extracting(r -> r.hostId() + "@" + r.revision() + " " + r.outcome())
        .containsExactly("a@2 APPLIED", "b@5 ROLLED_BACK", "c@1 APPLIED", "a@1 APPLIED");
  }

  @Test
  void aDisconnectedHostIsNoReasonToRollBack() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("gone", 3)));
    fixture.where = hostId -> hostId.equals("gone") ? null : MeshFixture.REPLICA;

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("APPLIED");
    assertThat(round.results()).extracting(MeshPushResult::outcome).containsExactly("APPLIED", "NOT_CONNECTED");
    assertThat(fixture.pushes()).extracting(MeshPushRequest::hostId).containsExactly("a");
  }

  @Test
  void anAgentThatDoesNotAnswerFailsTheRound() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("slow", 7)));
    fixture.agents = push -> result(push, push.hostId().equals("slow") ? "TIMED_OUT" : "APPLIED");

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("ROLLED_BACK");
    assertThat(round.results()).extracting(MeshPushResult::outcome).contains("TIMED_OUT");
    assertThat(fixture.pushes()).contains(new MeshPushRequest("a", 1, null, NetworkApplyWorkflowImpl.VERIFY_TIMEOUT_MILLIS));
  }

  @Test
  void nothingChangedMeansNothingPushedOrRecorded() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan());

    fixture.runUntilIdle();

    assertThat(fixture.pushes()).isEmpty();
    verify(fixture.locator, never()).locateAll(any());
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

  @Test
  void hostsHeldByAnotherNetworksRoundArePlannedAgainUntilNoneIsLeftOut() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(
        new MeshPlan(MeshFixture.NETWORK, List.of(host("a", 2)), 1),
        new MeshPlan(MeshFixture.NETWORK, List.of(), 1),
        plan(host("b", 4)));

    fixture.runUntilIdle();

    verify(fixture.mesh, times(3)).planNetwork(MeshFixture.NETWORK);
    assertThat(fixture.pushes()).extracting(MeshPushRequest::hostId).containsExactly("a", "b");
    // Paused before each plan again, longer each time, rather than planning in a busy loop.
    assertThat(history()).filteredOn(event -> event.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
        .extracting(event -> event.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds())
        .filteredOn(seconds -> seconds < NetworkApplyWorkflowImpl.IDLE.getSeconds())
        .containsExactly(1L, 2L);
  }

  @Test
  void endsWhenNoChangeArrivesForTheIdleTime() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2)));

    fixture.runUntilIdle();

    verify(fixture.mesh, times(1)).planNetwork(MeshFixture.NETWORK);
    assertThat(lastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void theRollbackIsDeliveredEvenWhenTheApplyIsCancelledDuringIt() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("b", 5), host("d", 9)));
    fixture.agents = push -> {
      if (push.hash() == null) {
        fixture.cancel();
      }
      return result(push, push.hostId().equals("b") ? "REFUSED" : "APPLIED");
    };

    assertThatThrownBy(fixture::runUntilIdle).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);

    assertThat(fixture.pushes()).extracting(push -> push.hostId() + "@" + push.revision())
        .containsExactlyInAnyOrder("a@2", "b@5", "d@9", "a@1", "d@8");
    assertThat(history()).extracting(HistoryEvent::getEventType)
        .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)
        .contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  void cancellingDuringThePushStopsSendingAndRollsBackTheHostsThatApplied() {
    int batchesInFlight = NetworkApplyWorkflowImpl.PARALLEL_BATCHES;
    HostRevision[] hosts = new HostRevision[(batchesInFlight + 1) * NetworkApplyWorkflowImpl.HOSTS_PER_BATCH];
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = host("h" + i, 3);
    }
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(hosts));
    CountDownLatch cancelled = new CountDownLatch(1);
    fixture.agents = push -> {
      if (push.hostId().equals("h0") && push.hash() != null) {
        fixture.cancel();
        cancelled.countDown();
      }
      // No batch may end before the cancellation is recorded, or the workflow would send the next one.
      await(cancelled);
      return result(push, "APPLIED");
    };

    assertThatThrownBy(fixture::runUntilIdle).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);

    // The batches in flight were waited for and their hosts went back; the last batch was never sent.
    List<MeshPushRequest> pushes = fixture.pushes();
    int applied = batchesInFlight * NetworkApplyWorkflowImpl.HOSTS_PER_BATCH;
    assertThat(pushes).filteredOn(push -> push.revision() == 3).hasSize(applied);
    assertThat(pushes).filteredOn(push -> push.revision() == 2).hasSize(applied)
        .extracting(MeshPushRequest::hostId).doesNotContain("h" + (hosts.length - 1));
  }

  private MeshRoundOutcome recordedRound() {
    ArgumentCaptor<MeshRoundOutcome> round = ArgumentCaptor.forClass(MeshRoundOutcome.class);
    verify(fixture.mesh).recordRound(round.capture());
    List<MeshRoundOutcome> all = round.getAllValues();
    return all.get(all.size() - 1);
  }

  private List<HistoryEvent> history() {
    return fixture.env.getWorkflowClient().fetchHistory(NetworkApplyWorkflow.workflowId(MeshFixture.NETWORK)).getEvents();
  }

  private HistoryEvent lastEvent() {
    List<HistoryEvent> events = history();
    return events.get(events.size() - 1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
