package dev.loopback.workflows.mesh;

import static dev.loopback.workflows.mesh.MeshFixture.host;
import static dev.loopback.workflows.mesh.MeshFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.loopback.workflows.agents.LocateAgentsRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** How a round reaches many hosts: in batches per replica, routed again when a channel moved. */
class NetworkApplyBatchingTest {
  private final MeshFixture fixture = new MeshFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void pushesHostsSpreadOverTwoReplicasInBatchesToTheReplicaHoldingEach() {
    List<HostRevision> hosts = hosts(1_200, i -> "h" + i);
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(new MeshPlan(MeshFixture.NETWORK, hosts));
    fixture.where = hostId -> Integer.parseInt(hostId.substring(1)) % 2 == 0 ? MeshFixture.REPLICA : MeshFixture.OTHER_REPLICA;

    fixture.runUntilIdle();

    List<MeshBatchRequest> batches = new ArrayList<>(fixture.batchesTo(MeshFixture.REPLICA));
    batches.addAll(fixture.batchesTo(MeshFixture.OTHER_REPLICA));
    assertThat(batches).hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(batch -> assertThat(batch.pushes()).hasSizeLessThanOrEqualTo(NetworkApplyWorkflowImpl.HOSTS_PER_BATCH));
    assertThat(fixture.batchesTo(MeshFixture.OTHER_REPLICA)).flatMap(MeshBatchRequest::pushes)
        .allSatisfy(push -> assertThat(Integer.parseInt(push.hostId().substring(1)) % 2).isEqualTo(1));
    assertThat(fixture.pushes()).extracting(MeshPushRequest::hostId)
        .containsExactlyInAnyOrderElementsOf(hosts.stream().map(HostRevision::hostId).toList());
    assertThat(recordedRound().outcome()).isEqualTo("APPLIED");
  }

  @Test
  void hostsOfAReplicaThatDoesNotTakeTheirBatchAreLocatedAgainAndApplied() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK))
        .thenReturn(MeshFixture.plan(host("a", 2), host("b", 5), host("c", 1)));
    Set<String> located = ConcurrentHashMap.newKeySet();
    // b and c were on a replica that has since stopped; the registry catches up by the second lookup.
    fixture.where = hostId -> hostId.equals("a") ? MeshFixture.REPLICA
        : located.add(hostId) ? "replica-stopped" : MeshFixture.OTHER_REPLICA;

    fixture.runUntilIdle();

    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("APPLIED");
    assertThat(round.results()).extracting(MeshPushResult::outcome).containsOnly("APPLIED");
    assertThat(fixture.batchesTo(MeshFixture.OTHER_REPLICA)).flatMap(MeshBatchRequest::pushes)
        .extracting(MeshPushRequest::hostId).containsExactlyInAnyOrder("b", "c");
    assertThat(lookups()).extracting(LocateAgentsRequest::hostIds).containsExactly(List.of("a", "b", "c"), List.of("b", "c"));
    assertThat(history()).extracting(HistoryEvent::getEventType).contains(EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
  }

  @Test
  void aHostNotWhereTheRegistrySaysIsRoutedThreeTimesThenLeftForItsNextHello() {
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK))
        .thenReturn(MeshFixture.plan(host("a", 2), host("roaming", 4)));
    fixture.agents = push -> result(push, push.hostId().equals("roaming") ? "NOT_HERE" : "APPLIED");

    fixture.runUntilIdle();

    assertThat(fixture.pushes()).extracting(MeshPushRequest::hostId)
        .containsExactlyInAnyOrder("a", "roaming", "roaming", "roaming");
    assertThat(lookups()).hasSize(NetworkApplyWorkflowImpl.MAX_ROUTES);
    MeshRoundOutcome round = recordedRound();
    assertThat(round.outcome()).isEqualTo("APPLIED");
    assertThat(round.results()).extracting(r -> r.hostId() + " " + r.outcome()).containsExactly("a APPLIED", "roaming NOT_CONNECTED");
  }

  @Test
  void aRoundOfTenThousandHostsTakesAFewHundredHistoryEventsAtMost() {
    List<HostRevision> hosts = hosts(10_000, i -> new UUID(0x5eed, i).toString());
    // A round this big makes the server suggest continuing as new; the next run finds nothing changed.
    when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(new MeshPlan(MeshFixture.NETWORK, hosts), MeshFixture.plan());
    fixture.where = hostId -> hostId.hashCode() % 2 == 0 ? MeshFixture.REPLICA : MeshFixture.OTHER_REPLICA;

    WorkflowExecution firstRun = WorkflowClient.start(fixture.workflow()::apply, MeshFixture.NETWORK);
    fixture.env.getWorkflowClient().newUntypedWorkflowStub(NetworkApplyWorkflow.workflowId(MeshFixture.NETWORK)).getResult(Void.class);

    assertThat(fixture.pushes()).hasSize(10_000).extracting(MeshPushRequest::hostId).doesNotHaveDuplicates();
    assertThat(lookups()).allSatisfy(lookup -> assertThat(lookup.hostIds()).hasSizeLessThanOrEqualTo(NetworkApplyWorkflowImpl.HOSTS_PER_LOCATE));
    List<MeshRoundOutcome> recorded = recordedChunks();
    assertThat(recorded).as("recorded in chunks that stay far below the payload limit").hasSize(5)
        .allSatisfy(chunk -> assertThat(chunk.plan()).hasSizeLessThanOrEqualTo(NetworkApplyWorkflowImpl.HOSTS_PER_RECORD));
    assertThat(recorded.stream().flatMap(chunk -> chunk.results().stream())).hasSize(10_000).allMatch(MeshPushResult::applied);
    assertThat(fixture.env.getWorkflowClient().fetchHistory(firstRun.getWorkflowId(), firstRun.getRunId()).getEvents())
        .hasSizeLessThan(1_000);
  }

  private static List<HostRevision> hosts(int count, IntFunction<String> id) {
    return IntStream.range(0, count).mapToObj(i -> new HostRevision(id.apply(i), 7, "sha256:" + "0".repeat(56) + String.format("%08x", i), 6)).toList();
  }

  private List<LocateAgentsRequest> lookups() {
    return mockingDetails(fixture.locator).getInvocations().stream()
        .filter(call -> call.getMethod().getName().equals("locateAll"))
        .map(call -> (LocateAgentsRequest) call.getArgument(0)).toList();
  }

  private List<MeshRoundOutcome> recordedChunks() {
    ArgumentCaptor<MeshRoundOutcome> round = ArgumentCaptor.forClass(MeshRoundOutcome.class);
    verify(fixture.mesh, atLeastOnce()).recordRound(round.capture());
    return round.getAllValues();
  }

  private MeshRoundOutcome recordedRound() {
    ArgumentCaptor<MeshRoundOutcome> round = ArgumentCaptor.forClass(MeshRoundOutcome.class);
    verify(fixture.mesh).recordRound(round.capture());
    return round.getValue();
  }

  private List<HistoryEvent> history() {
    return fixture.env.getWorkflowClient().fetchHistory(NetworkApplyWorkflow.workflowId(MeshFixture.NETWORK)).getEvents();
  }
}
