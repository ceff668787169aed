package dev.loopback.workflows.mesh;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.agents.AgentLocation;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.agents.LocateAgentRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;

/**
 * A time-skipping Temporal with the network apply, the real push child workflow, and mocked
 * activities: every host is connected to {@code replica-a} and applies what it gets, unless a test
 * says otherwise.
 */
final class MeshFixture implements AutoCloseable {
  static final String NETWORK = "3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b";
  static final String REPLICA = "replica-a";
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final MeshActivities mesh = mock(MeshActivities.class, withSettings().withoutAnnotations());
  final AgentLocatorActivities locator = mock(AgentLocatorActivities.class, withSettings().withoutAnnotations());
  final AgentRpcActivities rpc = mock(AgentRpcActivities.class, withSettings().withoutAnnotations());

  MeshFixture() {
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(NetworkApplyWorkflowImpl.class, MeshPushWorkflowImpl.class);
    control.registerActivitiesImplementations(mesh, locator);
    env.newWorker(TaskQueues.agentRpc(REPLICA)).registerActivitiesImplementations(rpc);
    when(locator.locate(any())).thenAnswer(call -> new AgentLocation(((LocateAgentRequest) call.getArgument(0)).hostId(), REPLICA));
    when(rpc.applyMesh(any())).thenAnswer(call -> {
      MeshPushRequest request = call.getArgument(0);
      return new MeshPushResult(request.hostId(), request.revision(), "APPLIED", null);
    });
    when(mesh.recordRound(any())).thenAnswer(call -> call.getArgument(0));
    env.start();
  }

  static HostRevision host(String id, long revision) {
    return new HostRevision(id, revision, "sha256:" + id + revision, revision - 1);
  }

  static MeshPlan plan(HostRevision... hosts) {
    return new MeshPlan(NETWORK, List.of(hosts));
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

  @Override
  public void close() {
    env.close();
  }
}
