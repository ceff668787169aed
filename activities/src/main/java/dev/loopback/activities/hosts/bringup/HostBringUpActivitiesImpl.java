package dev.loopback.activities.hosts.bringup;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.hosts.machines.HostMachines;
import dev.loopback.activities.mesh.MeshStep;
import dev.loopback.activities.tokens.AgentTokens;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.workflows.hosts.HostBringUpActivities;
import dev.loopback.workflows.hosts.LifecycleChange;
import dev.loopback.workflows.hosts.MachineRef;
import dev.loopback.workflows.hosts.MachineStatus;
import dev.loopback.workflows.hosts.ProvisionRequest;
import dev.loopback.workflows.hosts.ProvisionResult;
import dev.loopback.workflows.hosts.StepRequest;
import dev.loopback.workflows.hosts.StepResult;
import dev.loopback.workflows.hosts.TokenRevocation;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The bring-up's side effects; machines go through {@link HostMachines} and their compute providers. */
@Component
public class HostBringUpActivitiesImpl implements HostBringUpActivities {
  private static final Set<String> LIFECYCLES = Set.of("PENDING", "MANAGED", "UPDATING", "DEGRADED", "FAILED");
  private final HostRepository hosts;
  private final AgentTokens tokens;
  private final HostMachines machines;
  private final MeshStep meshStep;

  public HostBringUpActivitiesImpl(HostRepository hosts, AgentTokens tokens, HostMachines machines, MeshStep meshStep) {
    this.hosts = hosts;
    this.tokens = tokens;
    this.machines = machines;
    this.meshStep = meshStep;
  }

  @Override
  public ProvisionResult provision(ProvisionRequest request) {
    return machines.provision(request, actor());
  }

  @Override
  public MachineStatus machineStatus(MachineRef machine) {
    return machines.status(machine);
  }

  @Override
  public MachineStatus destroy(MachineRef machine) {
    return machines.destroy(machine);
  }

  @Override
  public TokenRevocation revokeInstallToken(TokenRevocation request) {
    try {
      tokens.revoke(UUID.fromString(request.workspaceId()), UUID.fromString(request.tokenId()), actor());
    } catch (NotFoundException gone) {
      // Nothing left to revoke: the compensation has nothing to do.
    }
    return request;
  }

  /** Configuration steps by name: {@code mesh}; an unknown step fails the bring-up. */
  @Override
  public StepResult applyStep(StepRequest request) {
    if (!MeshStep.NAME.equals(request.step())) {
      return new StepResult(request.step(), false, "no configuration step named '" + request.step() + "' is installed");
    }
    try {
      Optional<String> failure = meshStep.apply(UUID.fromString(request.hostId()));
      return new StepResult(request.step(), failure.isEmpty(), failure.orElse(null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting for the mesh", "Interrupted");
    }
  }

  @Override
  public LifecycleChange recordLifecycle(LifecycleChange change) {
    if (!LIFECYCLES.contains(change.lifecycle())) {
      throw ApplicationFailure.newNonRetryableFailure("unknown lifecycle " + change.lifecycle(), "BadLifecycle");
    }
    if (hosts.setLifecycle(UUID.fromString(change.hostId()), change.lifecycle()) == 0) {
      throw ApplicationFailure.newNonRetryableFailure("host " + change.hostId() + " does not exist", "HostGone");
    }
    return change;
  }

  private static Actor actor() {
    var info = Activity.getExecutionContext().getInfo();
    return Actor.system("host-bringup", info.getWorkflowId());
  }
}
