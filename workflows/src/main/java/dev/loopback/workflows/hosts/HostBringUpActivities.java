package dev.loopback.workflows.hosts;

import io.temporal.activity.ActivityInterface;

/** What the bring-up asks of the rest of the system; implementations live in activities/. */
@ActivityInterface
public interface HostBringUpActivities {
  /** Creates the machine through its provider (asynchronous: returns once the provider accepted it). */
  ProvisionResult provision(ProvisionRequest request);

  /** The provider's view of the machine, polled until it runs. */
  MachineStatus machineStatus(MachineRef machine);

  /** Compensation: destroys a machine this bring-up provisioned. Idempotent. */
  MachineStatus destroy(MachineRef machine);

  /** Compensation and deadline: the install token can no longer be used. Idempotent. */
  TokenRevocation revokeInstallToken(TokenRevocation request);

  /** One configuration step by name (mesh, modules, ...). Idempotent per host and step. */
  StepResult applyStep(StepRequest request);

  /** Records the host's lifecycle state where the inventory API reads it. */
  LifecycleChange recordLifecycle(LifecycleChange change);
}
