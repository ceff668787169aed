package dev.loopback.workflows.hosts;

import dev.loopback.workflows.SearchAttributes;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

public class HostBringUpWorkflowImpl implements HostBringUpWorkflow {
  /** How often a machine being created is asked whether it runs yet. */
  static final Duration MACHINE_POLL = Duration.ofSeconds(10);
  /** A provider that has not produced a running machine by then is not going to. */
  static final Duration MACHINE_DEADLINE = Duration.ofMinutes(30);

  private static final Logger log = Workflow.getLogger(HostBringUpWorkflowImpl.class);
  private final HostBringUpActivities activities = Workflow.newActivityStub(HostBringUpActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setMaximumInterval(Duration.ofMinutes(1))
              .setMaximumAttempts(10)
              .build())
          .build());

  /**
   * Provisioning is waited for even when the bring-up is cancelled meanwhile: the compensation must
   * know whether a machine was created, or it would leak one.
   */
  private final HostBringUpActivities provisioning = Workflow.newActivityStub(HostBringUpActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setMaximumInterval(Duration.ofMinutes(1))
              .setMaximumAttempts(10)
              .build())
          .build());

  private BringUpStatus status;
  private AgentCheckIn checkIn;
  private String workspaceId;
  private String tokenId;
  private String provider;

  @Override
  public BringUpResult bringUp(BringUpInput input) {
    workspaceId = input.workspaceId();
    tokenId = input.tokenId();
    provider = input.provider();
    moveTo(new BringUpStatus(input.hostId(), input.provider() == null ? BringUpPhase.AWAITING_CHECK_IN : BringUpPhase.PROVISIONING,
        null, null, null));
    try {
      if (input.provider() != null && !provision(input)) {
        return new BringUpResult(status);
      }
      moveTo(phase(BringUpPhase.AWAITING_CHECK_IN, null));
      if (!Workflow.await(input.checkInDeadline(), () -> checkIn != null)) {
        return fail("the agent did not check in within " + input.checkInDeadline() + "; the install token is revoked");
      }
      revokeToken("used: the host checked in");
      for (String step : input.steps()) {
        moveTo(phase(BringUpPhase.CONFIGURING, step));
        StepResult result = activities.applyStep(new StepRequest(input.hostId(), workspaceId, step));
        if (!result.applied()) {
          return fail("configuration step " + step + " failed: " + result.detail());
        }
      }
      activities.recordLifecycle(new LifecycleChange(input.hostId(), "MANAGED", null));
      moveTo(phase(BringUpPhase.MANAGED, null));
      return new BringUpResult(status);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure cancelled) {
        // An activity call cut short by the cancellation: the same as being cancelled while waiting.
        throw compensateCancellation(cancelled);
      }
      return fail(describe(failure));
    } catch (CanceledFailure cancelled) {
      throw compensateCancellation(cancelled);
    }
  }

  private CanceledFailure compensateCancellation(CanceledFailure cancelled) {
    // Compensations run in a scope the cancellation cannot reach, or they would be cancelled too.
    Workflow.newDetachedCancellationScope(() -> {
      compensate("the bring-up was cancelled");
      moveTo(new BringUpStatus(status.hostId(), BringUpPhase.CANCELLED, null, status.machineId(), "cancelled"));
    }).run();
    return cancelled;
  }

  /** False when the machine never came up (the bring-up has then failed). */
  private boolean provision(BringUpInput input) {
    ProvisionResult provisioned = provisioning.provision(new ProvisionRequest(input.hostId(), workspaceId, input.provider(), input.spec(),
        input.checkInDeadline()));
    tokenId = provisioned.tokenId();
    MachineRef machine = provisioned.machine();
    status = new BringUpStatus(status.hostId(), status.phase(), null, machine.machineId(), null);
    long deadline = Workflow.currentTimeMillis() + MACHINE_DEADLINE.toMillis();
    while (true) {
      MachineStatus machineStatus = activities.machineStatus(machine);
      if (machineStatus.running()) {
        return true;
      }
      if (machineStatus.failed() || Workflow.currentTimeMillis() >= deadline) {
        fail("provider " + input.provider() + " did not bring the machine up: " + machineStatus.state()
            + (machineStatus.detail() == null ? "" : " (" + machineStatus.detail() + ")"));
        return false;
      }
      Workflow.sleep(MACHINE_POLL);
    }
  }

  private BringUpResult fail(String reason) {
    log.warn("bring-up of host {} failed: {}", status.hostId(), reason);
    compensate(reason);
    moveTo(new BringUpStatus(status.hostId(), BringUpPhase.FAILED, status.step(), status.machineId(), reason));
    return new BringUpResult(status);
  }

  /**
   * Undoes what this bring-up created: destroys a machine it provisioned, revokes the token, and
   * records the host as failed. Each compensation is attempted even if another one fails.
   */
  private void compensate(String reason) {
    // A provisioned host's machine is destroyed even if its id never reached this workflow.
    if (provider != null && status.phase() != BringUpPhase.MANAGED) {
      try {
        activities.destroy(new MachineRef(status.hostId(), provider, status.machineId()));
      } catch (ActivityFailure e) {
        log.error("could not destroy machine {} of host {}: {}", status.machineId(), status.hostId(), describe(e));
      }
    }
    revokeToken(reason);
    try {
      activities.recordLifecycle(new LifecycleChange(status.hostId(), "FAILED", reason));
    } catch (ActivityFailure e) {
      log.error("could not record the failure of host {}: {}", status.hostId(), describe(e));
    }
  }

  private void revokeToken(String reason) {
    if (tokenId == null) {
      return;
    }
    try {
      activities.revokeInstallToken(new TokenRevocation(workspaceId, tokenId, reason));
    } catch (ActivityFailure e) {
      log.error("could not revoke install token {}: {}", tokenId, describe(e));
    }
  }

  private BringUpStatus phase(BringUpPhase phase, String step) {
    return new BringUpStatus(status.hostId(), phase, step, status.machineId(), null);
  }

  private void moveTo(BringUpStatus next) {
    status = next;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.WORKSPACE.valueSet(workspaceId),
        SearchAttributes.HOST_STATE.valueSet(next.phase().name()));
    Workflow.setCurrentDetails("**Bring-up** of host `" + next.hostId() + "`: " + next.phase()
        + (next.step() == null ? "" : " — step `" + next.step() + "`")
        + (next.machineId() == null ? "" : " — machine `" + next.machineId() + "`")
        + (next.reason() == null ? "" : "\n\n" + next.reason()));
  }

  private static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    return cause.getMessage();
  }

  @Override
  public void agentCheckedIn(AgentCheckIn checkIn) {
    if (this.checkIn == null) {
      this.checkIn = checkIn;
    }
  }

  @Override
  public BringUpStatus status() {
    return status;
  }
}
