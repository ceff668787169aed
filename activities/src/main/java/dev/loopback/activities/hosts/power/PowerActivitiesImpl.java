package dev.loopback.activities.hosts.power;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.hosts.machines.HostMachines;
import dev.loopback.activities.providers.PowerAction;
import dev.loopback.db.hosts.HostMachineRepository;
import dev.loopback.workflows.hosts.MachineRef;
import dev.loopback.workflows.hosts.MachineStatus;
import dev.loopback.workflows.power.PowerActionRequest;
import dev.loopback.workflows.power.PowerActionStatus;
import dev.loopback.workflows.power.PowerActivities;
import dev.loopback.workflows.power.PowerCommand;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
public class PowerActivitiesImpl implements PowerActivities {
  private final PowerActions actions;
  private final HostMachines machines;
  private final HostMachineRepository records;
  private final Clock clock;

  public PowerActivitiesImpl(PowerActions actions, HostMachines machines, HostMachineRepository records, Clock clock) {
    this.actions = actions;
    this.machines = machines;
    this.records = records;
    this.clock = clock;
  }

  @Override
  public MachineRef preparePowerAction(PowerActionRequest request) {
    UUID hostId = UUID.fromString(request.hostId());
    MachineRef machine;
    try {
      machine = actions.check(UUID.fromString(request.workspaceId()), hostId, request.action(), request.cordoned());
    } catch (NotFoundException | ConflictException | InvalidFieldException refused) {
      throw ApplicationFailure.newNonRetryableFailure(refused.getMessage(), "PowerRefused");
    }
    records.recordPowerAction(hostId, request.action(), "IN_PROGRESS", null, null, clock.instant());
    return machine;
  }

  @Override
  public MachineStatus requestPower(PowerCommand command) {
    return machines.power(command.machine(), PowerAction.valueOf(command.action()));
  }

  @Override
  public MachineStatus powerState(MachineRef machine) {
    return machines.status(machine);
  }

  @Override
  public PowerActionStatus recordPowerOutcome(PowerActionStatus outcome) {
    UUID hostId = UUID.fromString(outcome.hostId());
    records.recordPowerAction(hostId, outcome.action(), outcome.outcome(), outcome.machineState(), outcome.detail(), clock.instant());
    actions.audit(Actor.system("host-power", Activity.getExecutionContext().getInfo().getWorkflowId()), hostId, "host.power.completed",
        outcome.action() + " " + outcome.outcome() + (outcome.detail() == null ? "" : ": " + outcome.detail()),
        !"SUCCEEDED".equals(outcome.outcome()));
    return outcome;
  }
}
