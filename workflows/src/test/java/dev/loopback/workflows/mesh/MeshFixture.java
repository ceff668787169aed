package dev.loopback.workflows.mesh;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.agents.AgentLocations;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.agents.LocateAgentsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A time-skipping Temporal with the network apply and mocked activities on two replicas' queues:
 * every host is connected to {@code replica-a} and applies what it gets, unless a test says
 * otherwise through {@link #where} and {@link #agents}. A replica not in {@link #REPLICAS} has no
 * worker, like one that is gone.
 */
final class MeshFixture implements AutoCloseable {
  static final String NETWORK = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";
  static final String REPLICA = "replica-a";
  static final String OTHER_REPLICA = "replica-b";
  static final List<String> REPLICAS = List.of(REPLICA, OTHER_REPLICA);

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final MeshActivities mesh = mock(MeshActivities.class, withSettings().withoutAnnotations());
  final AgentLocatorActivities locator = mock(AgentLocatorActivities.class, withSettings().withoutAnnotations());
  /** The agent-rpc activities of {@link #REPLICAS}, in that order. */
  final List<AgentRpcActivities> rpc = REPLICAS.stream()
      .map(replica -> mock(AgentRpcActivities.class, withSettings().withoutAnnotations())).toList();
  /** Which replica holds a host's channel (null: not connected); asked at every lookup. */
  volatile Function<String, String> where = hostId -> REPLICA;
  /** What a host's agent answers to a push, on whichever replica it arrives. */
  volatile Function<MeshPushRequest, MeshPushResult> agents = push -> result(push, "APPLIED");

  MeshFixture() {
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(NetworkApplyWorkflowImpl.class);
    control.registerActivitiesImplementations(mesh, locator);
    for (int i = 0; i < REPLICAS.size(); i++) {
      env.newWorker(TaskQueues.agentRpc(REPLICAS.get(i))).registerActivitiesImplementations(rpc.get(i));
      when(rpc.get(i).applyMeshBatch(any())).thenAnswer(call ->
          new MeshBatchResult(((MeshBatchRequest) call.getArgument(0)).pushes().stream().map(agents).toList()));
    }
    when(locator.locateAll(any())).thenAnswer(call -> locate(call.getArgument(0)));
    when(mesh.recordRound(any())).thenAnswer(call -> call.getArgument(0));
    env.start();
  }

  private AgentLocations locate(LocateAgentsRequest request) {
    Map<String, List<String>> byReplica = new TreeMap<>();
    List<String> notConnected = new ArrayList<>();
    for (String hostId : request.hostIds()) {
      String replica = where.apply(hostId);
      if (replica == null) {
        notConnected.add(hostId);
      } else {
        byReplica.computeIfAbsent(replica, key -> new ArrayList<>()).add(hostId);
      }
    }
    return new AgentLocations(byReplica, notConnected);
  }

  static MeshPushResult result(MeshPushRequest push, String outcome) {
    return new MeshPushResult(push.hostId(), push.revision(), outcome, "APPLIED".equals(outcome) ? null : "the agent said " + outcome);
  }

  static HostRevision host(String id, long revision) {
    return new HostRevision(id, revision, "sha256:" + id + revision, revision - 1);
  }

  static MeshPlan plan(HostRevision... hosts) {
    return new MeshPlan(NETWORK, List.of(hosts));
  }

  /** The batches that reached one replica's worker, in the order they arrived. */
  List<MeshBatchRequest> batchesTo(String replica) {
    return mockingDetails(rpc.get(REPLICAS.indexOf(replica))).getInvocations().stream()
        .filter(call -> call.getMethod().getName().equals("applyMeshBatch"))
        .map(call -> (MeshBatchRequest) call.getArgument(0)).toList();
  }

  /** Every push that reached an agent, on any replica. */
  List<MeshPushRequest> pushes() {
    return REPLICAS.stream().flatMap(replica -> batchesTo(replica).stream()).flatMap(batch -> batch.pushes().stream()).toList();
  }

  NetworkApplyWorkflow workflow() {
    return env.getWorkflowClient().newWorkflowStub(NetworkApplyWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(NetworkApplyWorkflow.workflowId(NETWORK)).setTaskQueue(TaskQueues.CONTROL).build());
  }

  /** Starts the network's apply and waits until it goes idle and ends; the test server skips the idle minute. */
  void runUntilIdle() {
    WorkflowClient.start(workflow()::apply, NETWORK);
    env.getWorkflowClient().newUntypedWorkflowStub(NetworkApplyWorkflow.workflowId(NETWORK)).getResult(Void.class);
  }

  /** Cancels the network's apply, as an operator would; callable from inside a mocked activity. */
  void cancel() {
    env.getWorkflowClient().newUntypedWorkflowStub(NetworkApplyWorkflow.workflowId(NETWORK)).cancel();
  }

  @Override
  public void close() {
    env.close();
  }
}
