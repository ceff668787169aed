package dev.loopback.activities.hosts.power;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.Outcome;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.hosts.HostInventory;
import dev.loopback.activities.hosts.HostState;
import dev.loopback.activities.hosts.HostView;
import dev.loopback.activities.hosts.machines.HostMachines;
import dev.loopback.db.hosts.HostMachine;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.workflows.hosts.MachineRef;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Whether a power action may run on a host, checked by the API before it starts the workflow (so a
 * refusal is an immediate, clear error) and again by the workflow (the host may have changed since).
 */
@Service
public class PowerActions {
  public static final Set<String> ACTIONS = Set.of("ON", "OFF", "RESET");
  private final HostInventory inventory;
  private final HostMachines machines;
  private final HostRepository hosts;
  private final AuditLog audit;

  public PowerActions(HostInventory inventory, HostMachines machines, HostRepository hosts, AuditLog audit) {
    this.inventory = inventory;
    this.machines = machines;
    this.hosts = hosts;
    this.audit = audit;
  }

  /**
   * The machine to act on, or: {@link InvalidFieldException} for an unknown action, not-found for an
   * unknown host, {@link ConflictException} when the host has no machine, is revoked, or is a
   * Kubernetes node that was not cordoned (see {@link PowerPolicy}).
   */
  public MachineRef check(UUID workspaceId, UUID hostId, String action, boolean cordoned) {
    if (action == null || !ACTIONS.contains(action)) {
      throw new InvalidFieldException("action", "action must be one of ON, OFF, RESET, got " + action);
    }
    HostView host = inventory.get(workspaceId, hostId);
    if (host.state() == HostState.REVOKED) {
      throw new ConflictException("host " + hostId + " is revoked");
    }
    HostMachine machine = machines.find(hostId).filter(m -> m.destroyedAt() == null).orElseThrow(() -> new ConflictException(
        "host " + hostId + " has no machine from a compute provider: an adopted host is powered by whoever runs it"));
    PowerPolicy.refusal(host.labels(), action, cordoned).ifPresent(reason -> {
      throw new ConflictException(reason);
    });
    return new MachineRef(hostId.toString(), machine.provider(), machine.machineId());
  }

  /** The audit record of a request (by the operator) or an outcome (by the workflow). */
  public void audit(Actor actor, UUID hostId, String action, String detail, boolean refused) {
    Host host = hosts.findById(hostId).orElseThrow(() -> new NotFoundException("host " + hostId));
    audit.append(actor, new AuditEntry(host.organizationId(), host.workspaceId(), action, "host:" + hostId,
        refused ? Outcome.REFUSED : Outcome.SUCCESS, detail));
  }
}
