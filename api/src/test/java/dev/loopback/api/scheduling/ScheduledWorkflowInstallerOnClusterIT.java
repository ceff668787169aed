package dev.loopback.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.api.scheduling.ScheduledWorkflowInstaller.Mode;
import dev.loopback.workflows.tokens.TokenHygieneInput;
import dev.loopback.workflows.tokens.TokenHygieneWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Schedules path against a real Temporal cluster, which the in-process test server cannot
 * cover. Run with e.g.
 * {@code LOOPBACK_TEST_TEMPORAL_TARGET=localhost:7233 mvn -pl api test -Dtest=ScheduledWorkflowInstallerOnClusterIT}
 * (namespace from {@code LOOPBACK_TEST_TEMPORAL_NAMESPACE}, default "default").
 */
class ScheduledWorkflowInstallerOnClusterIT {

  // Once a year, so the schedule never fires while the test holds it: nothing polls its task queue.
  private static final String CRON = "0 3 1 1 *";

  // Own id and task queue so a shared cluster's real token-hygiene schedule is never touched.
  private final String id = "token-hygiene-it-" + UUID.randomUUID();
  private final ScheduledWorkflow scheduled = new ScheduledWorkflow(
      id, TokenHygieneWorkflow.class, new TokenHygieneInput(0), CRON, id);

  private WorkflowServiceStubs service;
  private ScheduleClient schedules;
  private ScheduledWorkflowInstaller installer;

  @BeforeEach
  void connect() {
    String target = System.getenv("LOOPBACK_TEST_TEMPORAL_TARGET");
    Assumptions.assumeTrue(target != null && !target.isBlank(),
        "set LOOPBACK_TEST_TEMPORAL_TARGET to a Temporal cluster to run the Schedules path");
    String namespace = Objects.requireNonNullElse(System.getenv("LOOPBACK_TEST_TEMPORAL_NAMESPACE"), "default");
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    schedules = ScheduleClient.newInstance(service, ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
    installer = new ScheduledWorkflowInstaller(
        schedules, WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build()));
  }

  @AfterEach
  void deleteScheduleAndDisconnect() {
    if (service == null) {
      return;
    }
    try {
      schedules.getHandle(id).delete();
    } catch (RuntimeException notCreated) {
      // The test failed before the schedule existed; nothing to clean up.
    } finally {
      service.shutdownNow();
    }
  }

  @Test
  void installsATemporalScheduleThatStartsTheWorkflowOnTheCron() {
    assertThat(installer.install(scheduled)).isEqualTo(Mode.SCHEDULE);
    assertThat(installer.install(scheduled)).as("installing again").isEqualTo(Mode.SCHEDULE);

    ScheduleHandle handle = schedules.getHandle(id);
    ScheduleDescription description = handle.describe();
    // The server compiles cron strings into calendar specs and may not echo the string back
    // (temporalio/temporal#5673), so the cron is checked by the times it yields.
    assertThat(description.getInfo().getNextActionTimes())
        .isNotEmpty()
        .allSatisfy(next -> assertThat(next.atOffset(ZoneOffset.UTC))
            .satisfies(t -> assertThat(t.getMonthValue()).isEqualTo(1))
            .satisfies(t -> assertThat(t.getDayOfMonth()).isEqualTo(1))
            .satisfies(t -> assertThat(t.getHour()).isEqualTo(3))
            .satisfies(t -> assertThat(t.getMinute()).isZero()));
    assertThat(description.getSchedule().getAction()).isInstanceOfSatisfying(ScheduleActionStartWorkflow.class, action -> {
      assertThat(action.getWorkflowType()).isEqualTo("TokenHygieneWorkflow");
      assertThat(action.getOptions().getWorkflowId()).isEqualTo(id);
      assertThat(action.getOptions().getTaskQueue()).isEqualTo(id);
    });
  }
}
