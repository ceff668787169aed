package dev.loopback.api.hosts;

import dev.loopback.activities.hosts.HostView;
import dev.loopback.activities.hosts.machines.HostMachines;
import dev.loopback.db.hosts.HostMachine;
import dev.loopback.workflows.hosts.AgentCheckIn;
import dev.loopback.workflows.hosts.BringUpStatus;
import dev.loopback.workflows.hosts.HostBringUpWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What one host's page adds to the inventory row: its machine and where its bring-up is. */
@Component
class HostDetails {
  private static final Logger log = LoggerFactory.getLogger(HostDetails.class);
  private final HostMachines machines;
  private final WorkflowClient temporal;

  HostDetails(HostMachines machines, WorkflowClient temporal) {
    this.machines = machines;
    this.temporal = temporal;
  }

  HostView of(HostView host) {
    return host.withDetails(machines.find(host.id()).map(HostDetails::machine).orElse(null), bringUp(host));
  }

  private static HostView.Machine machine(HostMachine m) {
    return new HostView.Machine(m.provider(), m.machineId(), m.powerState(), m.destroyedAt(), m.powerAction() == null ? null
        : new HostView.PowerAction(m.powerAction(), m.powerOutcome(), m.powerDetail(), m.powerChangedAt()));
  }

  /** Hosts that joined with a plain workspace token have no bring-up; a Temporal hiccup must not fail the read. */
  private HostView.BringUp bringUp(HostView host) {
    try {
      BringUpStatus status = temporal.newWorkflowStub(HostBringUpWorkflow.class, AgentCheckIn.bringUpWorkflowId(host.id().toString()))
          .status();
      return status == null ? null : new HostView.BringUp(status.phase().name(), status.step(), status.reason());
    } catch (WorkflowNotFoundException none) {
      return null;
    } catch (WorkflowException | io.grpc.StatusRuntimeException e) {
      log.warn("could not query the bring-up of host {}: {}", host.id(), e.getMessage());
      return null;
    }
  }
}
