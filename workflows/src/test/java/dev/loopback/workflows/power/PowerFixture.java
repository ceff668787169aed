package dev.loopback.workflows.power;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.hosts.MachineRef;
import dev.loopback.workflows.hosts.MachineStatus;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;

/** A time-skipping Temporal with the power workflow and mocked activities; the machine is RUNNING until a test says otherwise. */
final class PowerFixture implements AutoCloseable {
  static final String HOST = "7a1e0c55-2b8d-4f61-9c3e-0d4b5a6f7e81";
  static final String WORKSPACE = "5d0c3a2b-8e41-4f3c-b7a9-2c4e6f8a1b3d";
  static final MachineRef MACHINE = new MachineRef(HOST, "netns", "n0a1b2c3d");
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final PowerActivities activities = mock(PowerActivities.class, withSettings().withoutAnnotations());

  PowerFixture() {
    env.registerSearchAttribute("LoopbackWorkspace", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    Worker worker = env.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(PowerActionWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    when(activities.preparePowerAction(any())).thenReturn(MACHINE);
    when(activities.requestPower(any())).thenReturn(state("RUNNING"));
    when(activities.powerState(any())).thenReturn(state("RUNNING"));
    when(activities.recordPowerOutcome(any())).thenAnswer(call -> call.getArgument(0));
    env.start();
  }

  static MachineStatus state(String state) {
    return new MachineStatus(MACHINE, state, null);
  }

  static PowerActionRequest request(String action) {
    return new PowerActionRequest(HOST, WORKSPACE, action, false, Duration.ofMinutes(2));
  }

  PowerActionWorkflow workflow() {
    return env.getWorkflowClient().newWorkflowStub(PowerActionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(PowerActionWorkflow.workflowId(HOST)).setTaskQueue(TaskQueues.CONTROL).build());
  }

  /** Runs the action to its end; while the client waits, the test server skips time. */
  PowerActionStatus run(PowerActionRequest request) {
    PowerActionWorkflow workflow = workflow();
    WorkflowClient.start(workflow::act, request);
    return env.getWorkflowClient().newUntypedWorkflowStub(PowerActionWorkflow.workflowId(HOST)).getResult(PowerActionStatus.class);
  }

  @Override
  public void close() {
    env.close();
  }
}
