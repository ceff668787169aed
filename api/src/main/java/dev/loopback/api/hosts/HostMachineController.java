package dev.loopback.api.hosts;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.hosts.HostInventory;
import dev.loopback.activities.hosts.HostView;
import dev.loopback.activities.hosts.machines.HostMachines;
import dev.loopback.activities.hosts.power.PowerActions;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.db.hosts.HostMachine;
import dev.loopback.workflows.hosts.MachineRef;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Destroys the machine a provider created for a host (admin, audited): the host record stays, with
 * its history, and shows the machine as destroyed. Revoke the host too if it should never return.
 */
@RestController
class HostMachineController {
  private final HostInventory inventory;
  private final HostMachines machines;
  private final PowerActions actions;
  private final HostDetails details;

  HostMachineController(HostInventory inventory, HostMachines machines, PowerActions actions, HostDetails details) {
    this.inventory = inventory;
    this.machines = machines;
    this.actions = actions;
    this.details = details;
  }

  @Requires(Capability.HOSTS_REVOKE)
  @DeleteMapping("/api/v1/workspaces/{workspaceId}/hosts/{hostId}/machine")
  HostView destroy(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    inventory.get(workspaceId, hostId);
    HostMachine machine = machines.find(hostId).orElseThrow(() -> new NotFoundException("machine of host " + hostId));
    if (machine.destroyedAt() != null) {
      throw new ConflictException("the machine of host " + hostId + " was destroyed at " + machine.destroyedAt());
    }
    machines.destroy(new MachineRef(hostId.toString(), machine.provider(), machine.machineId()));
    actions.audit(access.actor(), hostId, "host.machine.destroy", machine.provider() + " " + machine.machineId(), false);
    return details.of(inventory.get(workspaceId, hostId));
  }
}
