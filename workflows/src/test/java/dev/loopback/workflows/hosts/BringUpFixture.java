package dev.loopback.workflows.hosts;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.loopback.workflows.TaskQueues;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;

/** A time-skipping Temporal with the bring-up workflow and mocked activities that succeed unless a test says otherwise. */
final class BringUpFixture implements AutoCloseable {
  static final String HOST = "0b6c6d4e-3f7a-4c1e-9a55-6a1d2f0c9e01";
  static final String WORKSPACE = "5d0c3a2b-8e41-4f3c-b7a9-2c4e6f8a1b3d";
  static final MachineRef MACHINE = new MachineRef(HOST, "netns", "lbh-0b6c");
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final HostBringUpActivities activities = mock(HostBringUpActivities.class, withSettings().withoutAnnotations());

  BringUpFixture() {
    env.registerSearchAttribute("LoopbackWorkspace", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute("LoopbackHostState", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    Worker worker = env.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(HostBringUpWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    when(activities.provision(any())).thenReturn(new ProvisionResult(MACHINE, "token-p"));
    when(activities.machineStatus(any())).thenReturn(new MachineStatus(MACHINE, "RUNNING", null));
    when(activities.applyStep(any())).thenAnswer(call -> new StepResult(((StepRequest) call.getArgument(0)).step(), true, "ok"));
    when(activities.recordLifecycle(any())).thenAnswer(call -> call.getArgument(0));
    when(activities.revokeInstallToken(any())).thenAnswer(call -> call.getArgument(0));
    when(activities.destroy(any())).thenReturn(new MachineStatus(MACHINE, "GONE", null));
    env.start();
  }

  HostBringUpWorkflow workflow() {
    return env.getWorkflowClient().newWorkflowStub(HostBringUpWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(AgentCheckIn.bringUpWorkflowId(HOST)).setTaskQueue(TaskQueues.CONTROL).build());
  }

  static BringUpInput adopt(List<String> steps) {
    return new BringUpInput(HOST, WORKSPACE, null, null, "token-a", Duration.ofMinutes(30), steps);
  }

  static BringUpInput provision(List<String> steps) {
    return new BringUpInput(HOST, WORKSPACE, "netns", "small", null, Duration.ofMinutes(30), steps);
  }

  static AgentCheckIn checkIn() {
    return new AgentCheckIn(HOST, "0.1.0", "replica-a", 0);
  }

  /** Starts the bring-up with the agent's check-in already delivered, and waits for its result. */
  BringUpResult runCheckedIn(BringUpInput input) {
    HostBringUpWorkflow workflow = workflow();
    var request = env.getWorkflowClient().newSignalWithStartRequest();
    request.add(workflow::bringUp, input);
    request.add(workflow::agentCheckedIn, checkIn());
    env.getWorkflowClient().signalWithStart(request);
    return result();
  }

  /** Waits for the bring-up's result; while a client waits, the test server skips time. */
  BringUpResult result() {
    return env.getWorkflowClient().newUntypedWorkflowStub(AgentCheckIn.bringUpWorkflowId(HOST)).getResult(BringUpResult.class);
  }

  @Override
  public void close() {
    env.close();
  }
}
