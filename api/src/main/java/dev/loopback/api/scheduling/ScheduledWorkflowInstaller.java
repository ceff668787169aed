package dev.loopback.api.scheduling;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Installs a {@link ScheduledWorkflow} the best way the server allows: a Temporal Schedule on a
 * real cluster (visible and pausable in the Web UI), or a cron workflow where the Schedules API is
 * UNIMPLEMENTED (the embedded test server). Same workflow type either way; installing twice is a
 * no-op, so every replica may call it at every start.
 */
@Component
public class ScheduledWorkflowInstaller {

  public enum Mode { SCHEDULE, CRON_WORKFLOW }

  private static final Logger log = LoggerFactory.getLogger(ScheduledWorkflowInstaller.class);

  private final ScheduleClient schedules;
  private final WorkflowClient workflows;

  ScheduledWorkflowInstaller(ScheduleClient schedules, WorkflowClient workflows) {
    this.schedules = schedules;
    this.workflows = workflows;
  }

  public Mode install(ScheduledWorkflow scheduled) {
    try {
      schedules.createSchedule(scheduled.id(), schedule(scheduled), ScheduleOptions.newBuilder().build());
      log.info("Created Temporal Schedule {} ({})", scheduled.id(), scheduled.cron());
      return Mode.SCHEDULE;
    } catch (ScheduleAlreadyRunningException e) {
      log.info("Temporal Schedule {} already exists", scheduled.id());
      return Mode.SCHEDULE;
    } catch (RuntimeException e) {
      if (!isUnimplemented(e)) {
        throw e;
      }
    }
    startCronWorkflow(scheduled);
    return Mode.CRON_WORKFLOW;
  }

  private void startCronWorkflow(ScheduledWorkflow scheduled) {
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(scheduled.id())
        .setTaskQueue(scheduled.taskQueue())
        .setCronSchedule(scheduled.cron())
        .build();
    try {
      workflows.newUntypedWorkflowStub(scheduled.workflowType().getSimpleName(), options).start(scheduled.input());
      log.info("No Schedules API on this server: started cron workflow {} ({})", scheduled.id(), scheduled.cron());
    } catch (WorkflowExecutionAlreadyStarted e) {
      log.info("Cron workflow {} already running", scheduled.id());
    }
  }

  static Schedule schedule(ScheduledWorkflow scheduled) {
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(scheduled.workflowType().getSimpleName())
            .setArguments(scheduled.input())
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId(scheduled.id())
                .setTaskQueue(scheduled.taskQueue())
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(scheduled.cron())).build())
        // A sweep still running when the next is due makes the next one redundant.
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build())
        .build();
  }

  private static boolean isUnimplemented(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }
}
