package dev.loopback.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.loopback.api.scheduling.ScheduledWorkflowInstaller.Mode;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.tokens.TokenHygieneInput;
import dev.loopback.workflows.tokens.TokenHygieneWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ScheduledWorkflowInstallerTest {

  private static final TokenHygieneInput INPUT = new TokenHygieneInput(250);
  private static final ScheduledWorkflow TOKEN_HYGIENE = new ScheduledWorkflow(
      TokenHygieneWorkflow.WORKFLOW_ID, TokenHygieneWorkflow.class, INPUT, "*/15 * * * *", TaskQueues.CONTROL);

  private final ScheduleClient schedules = mock(ScheduleClient.class);
  private final WorkflowClient workflows = mock(WorkflowClient.class);
  private final WorkflowStub stub = mock(WorkflowStub.class);
  private final ScheduledWorkflowInstaller installer = new ScheduledWorkflowInstaller(schedules, workflows);

  @Test
  void createsAScheduleThatStartsTheWorkflowOnTheCronWithoutOverlap() {
    assertThat(installer.install(TOKEN_HYGIENE)).isEqualTo(Mode.SCHEDULE);

    ArgumentCaptor<Schedule> created = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq(TokenHygieneWorkflow.WORKFLOW_ID), created.capture(), any(ScheduleOptions.class));
    Schedule schedule = created.getValue();
    assertThat(schedule.getSpec().getCronExpressions()).containsExactly("*/15 * * * *");
    assertThat(schedule.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.getAction()).isInstanceOfSatisfying(ScheduleActionStartWorkflow.class, action -> {
      assertThat(action.getWorkflowType()).isEqualTo("TokenHygieneWorkflow");
      assertThat(action.getOptions().getWorkflowId()).isEqualTo(TokenHygieneWorkflow.WORKFLOW_ID);
      assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
      assertThat(action.getArguments().get(0, TokenHygieneInput.class)).isEqualTo(INPUT);
    });
    verifyNoInteractions(workflows);
  }

  @Test
  void treatsAnExistingScheduleAsInstalled() {
    when(schedules.createSchedule(anyString(), any(), any()))
        .thenThrow(new ScheduleAlreadyRunningException(new RuntimeException("schedule exists")));

    assertThat(installer.install(TOKEN_HYGIENE)).isEqualTo(Mode.SCHEDULE);

    verifyNoInteractions(workflows);
  }

  @Test
  void startsACronWorkflowWhenTheServerHasNoSchedulesApi() {
    when(schedules.createSchedule(anyString(), any(), any()))
        .thenThrow(new StatusRuntimeException(Status.UNIMPLEMENTED));
    when(workflows.newUntypedWorkflowStub(anyString(), any(WorkflowOptions.class))).thenReturn(stub);

    assertThat(installer.install(TOKEN_HYGIENE)).isEqualTo(Mode.CRON_WORKFLOW);

    verifyCronWorkflowStarted();
  }

  @Test
  void recognisesAnUnimplementedSchedulesApiDeepInTheCauseChain() {
    // The SDK may wrap the gRPC status in its own exceptions before it reaches the installer.
    when(schedules.createSchedule(anyString(), any(), any()))
        .thenThrow(new IllegalStateException("create failed",
            new RuntimeException("rpc failed", new StatusRuntimeException(Status.UNIMPLEMENTED))));
    when(workflows.newUntypedWorkflowStub(anyString(), any(WorkflowOptions.class))).thenReturn(stub);

    assertThat(installer.install(TOKEN_HYGIENE)).isEqualTo(Mode.CRON_WORKFLOW);

    verifyCronWorkflowStarted();
  }

  @Test
  void treatsARunningCronWorkflowAsInstalled() {
    when(schedules.createSchedule(anyString(), any(), any()))
        .thenThrow(new StatusRuntimeException(Status.UNIMPLEMENTED));
    when(workflows.newUntypedWorkflowStub(anyString(), any(WorkflowOptions.class))).thenReturn(stub);
    when(stub.start(INPUT)).thenThrow(new WorkflowExecutionAlreadyStarted(
        WorkflowExecution.newBuilder().setWorkflowId(TokenHygieneWorkflow.WORKFLOW_ID).setRunId("run-1").build(),
        "TokenHygieneWorkflow", null));

    assertThat(installer.install(TOKEN_HYGIENE)).isEqualTo(Mode.CRON_WORKFLOW);

    verifyCronWorkflowStarted();
  }

  @Test
  void propagatesAnyOtherFailureWithoutFallingBackToCron() {
    StatusRuntimeException unavailable = new StatusRuntimeException(Status.UNAVAILABLE);
    when(schedules.createSchedule(anyString(), any(), any())).thenThrow(unavailable);

    assertThatThrownBy(() -> installer.install(TOKEN_HYGIENE)).isSameAs(unavailable);

    verifyNoInteractions(workflows);
  }

  private void verifyCronWorkflowStarted() {
    ArgumentCaptor<WorkflowOptions> options = ArgumentCaptor.forClass(WorkflowOptions.class);
    verify(workflows).newUntypedWorkflowStub(eq("TokenHygieneWorkflow"), options.capture());
    assertThat(options.getValue().getCronSchedule()).isEqualTo("*/15 * * * *");
    assertThat(options.getValue().getWorkflowId()).isEqualTo(TokenHygieneWorkflow.WORKFLOW_ID);
    assertThat(options.getValue().getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
    verify(stub).start(INPUT);
  }
}
