package dev.loopback.api.hosts;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.hosts.HostInventory;
import dev.loopback.activities.hosts.bringup.HostRegistration;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.hosts.AgentCheckIn;
import dev.loopback.workflows.hosts.BringUpInput;
import dev.loopback.workflows.hosts.BringUpStatus;
import dev.loopback.workflows.hosts.HostBringUpWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Adopting an existing machine: the host is registered, a single-use install token bound to it is
 * minted, and its bring-up workflow waits for the agent's check-in. (Provisioning through compute
 * providers comes with the providers.)
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/hosts")
class HostBringUpController {
  private static final Duration DEFAULT_DEADLINE = Duration.ofHours(1);
  private static final Duration MAX_DEADLINE = Duration.ofDays(1);
  private final HostRegistration registration;
  private final HostInventory inventory;
  private final WorkflowClient temporal;
  private final AgentChannelSettings channel;
  private final AgentCertificateAuthority ca;

  HostBringUpController(HostRegistration registration, HostInventory inventory, WorkflowClient temporal,
      AgentChannelSettings channel, AgentCertificateAuthority ca) {
    this.registration = registration;
    this.inventory = inventory;
    this.temporal = temporal;
    this.channel = channel;
    this.ca = ca;
  }

  /** @param checkInDeadline ISO-8601, e.g. {@code PT2H}; default one hour, at most a day */
  record AdoptHostRequest(String name, Duration checkInDeadline) {}

  /**
   * @param installToken shown once: give it to the agent as {@code LOOPBACK_AGENT_TOKEN}
   * @param caSha256 the agent's {@code LOOPBACK_AGENT_CA_SHA256}
   */
  record AdoptHostResponse(UUID hostId, String installToken, UUID tokenId, Duration checkInDeadline, List<String> advertisedNames,
      String caSha256) {}

  @Requires(Capability.HOSTS_MANAGE)
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  AdoptHostResponse adopt(RequestAccess access, @PathVariable UUID workspaceId, @RequestBody AdoptHostRequest request) {
    Duration deadline = request.checkInDeadline() == null ? DEFAULT_DEADLINE : request.checkInDeadline();
    if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0) {
      throw new InvalidFieldException("checkInDeadline", "checkInDeadline must be positive and at most " + MAX_DEADLINE);
    }
    HostRegistration.Registered host = registration.adopt(workspaceId, request.name(), deadline, access.actor());
    UUID tokenId = host.installToken().token().id();
    HostBringUpWorkflow bringUp = temporal.newWorkflowStub(HostBringUpWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(AgentCheckIn.bringUpWorkflowId(host.hostId().toString()))
        .setTaskQueue(TaskQueues.CONTROL)
        .build());
    WorkflowClient.start(bringUp::bringUp, new BringUpInput(host.hostId().toString(), workspaceId.toString(), null, null,
        tokenId.toString(), deadline, List.of()));
    return new AdoptHostResponse(host.hostId(), host.installToken().secret(), tokenId, deadline, channel.advertisedNames(),
        ca.fingerprint());
  }

  @Requires(Capability.HOSTS_READ)
  @GetMapping("/{hostId}/bring-up")
  BringUpStatus bringUp(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    inventory.get(workspaceId, hostId);
    try {
      return temporal.newWorkflowStub(HostBringUpWorkflow.class, AgentCheckIn.bringUpWorkflowId(hostId.toString())).status();
    } catch (WorkflowNotFoundException e) {
      throw new NotFoundException("bring-up of host " + hostId);
    }
  }
}
