package dev.loopback.workflows.power;

import dev.loopback.workflows.hosts.MachineRef;
import dev.loopback.workflows.hosts.MachineStatus;
import io.temporal.activity.ActivityInterface;

/** What a power action asks of the rest of the system; implementations live in activities/. */
@ActivityInterface
public interface PowerActivities {
  /**
   * Checks the action against policy (the host has a machine; a Kubernetes node must be cordoned for
   * a hard action) and records it as in progress. Refusals are non-retryable failures of type
   * {@code PowerRefused}.
   */
  MachineRef preparePowerAction(PowerActionRequest request);

  /** Asks the provider; returns at once with the state it reports (providers act asynchronously). */
  MachineStatus requestPower(PowerCommand command);

  /** The provider's current view of the machine, polled until the target state. */
  MachineStatus powerState(MachineRef machine);

  /** Records the outcome on the host and in the audit log. */
  PowerActionStatus recordPowerOutcome(PowerActionStatus outcome);
}
