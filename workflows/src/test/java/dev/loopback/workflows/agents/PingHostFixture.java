package dev.loopback.workflows.agents;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.loopback.workflows.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/**
 * A time-skipping Temporal with the ping workflow on the control queue, a mocked session registry,
 * and mocked agent-rpc workers for replicas {@code r1} and {@code r2}. Replica {@code gone} has no
 * worker at all, like a replica that crashed.
 */
final class PingHostFixture implements AutoCloseable {
  static final String HOST = "7d6c3f0e-8a61-4c59-9d5e-1f1b8b7c2a10";
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final AgentLocatorActivities locator = mock(AgentLocatorActivities.class, withSettings().withoutAnnotations());
  final AgentRpcActivities replica1 = mock(AgentRpcActivities.class, withSettings().withoutAnnotations());
  final AgentRpcActivities replica2 = mock(AgentRpcActivities.class, withSettings().withoutAnnotations());

  PingHostFixture() {
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(PingHostWorkflowImpl.class);
    control.registerActivitiesImplementations(locator);
    env.newWorker(TaskQueues.agentRpc("r1")).registerActivitiesImplementations(replica1);
    env.newWorker(TaskQueues.agentRpc("r2")).registerActivitiesImplementations(replica2);
    env.start();
  }

  PingHostWorkflow workflow(String requestId) {
    return env.getWorkflowClient().newWorkflowStub(PingHostWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(PingHostWorkflow.workflowId(HOST, requestId)).setTaskQueue(TaskQueues.CONTROL).build());
  }

  static AgentLocation at(String replica) {
    return new AgentLocation(HOST, replica);
  }

  static PingAgentResult pong(String replica) {
    return new PingAgentResult(HOST, replica, 850, "1.2.3", 42);
  }

  @Override
  public void close() {
    env.close();
  }
}
