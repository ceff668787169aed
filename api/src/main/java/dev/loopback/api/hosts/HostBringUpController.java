package dev.loopback.api.hosts;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loopback.activities.access.Capability;
import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.hosts.HostInventory;
import dev.loopback.activities.hosts.bringup.HostRegistration;
import dev.loopback.activities.hosts.machines.InstallUserData;
import dev.loopback.activities.mesh.MeshStep;
import dev.loopback.activities.mesh.NetworkView;
import dev.loopback.activities.mesh.Networks;
import dev.loopback.activities.providers.ComputeProviders;
import dev.loopback.api.web.ApiAccessException;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.api.web.Problems;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.hosts.AgentCheckIn;
import dev.loopback.workflows.hosts.BringUpInput;
import dev.loopback.workflows.hosts.BringUpPhase;
import dev.loopback.workflows.hosts.BringUpStatus;
import dev.loopback.workflows.hosts.HostBringUpWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bringing up a host: adopting an existing machine (the operator runs the install script with the
 * single-use token shown once) or provisioning one through a compute provider (the token goes to the
 * machine only). Either way the host's bring-up workflow waits for the agent's check-in.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/hosts")
class HostBringUpController {
  private static final Duration DEFAULT_DEADLINE = Duration.ofHours(1);
  private static final Duration MAX_DEADLINE = Duration.ofDays(1);
  /** Configuration steps after check-in: the mesh (passes at once for a host in no network). */
  private static final List<String> STEPS = List.of(MeshStep.NAME);
  private static final Set<BringUpPhase> FINISHED = Set.of(BringUpPhase.MANAGED, BringUpPhase.FAILED, BringUpPhase.CANCELLED);
  private final HostRegistration registration;
  private final HostInventory inventory;
  private final ComputeProviders providers;
  private final WorkflowClient temporal;
  private final AgentChannelSettings channel;
  private final AgentCertificateAuthority ca;
  private final PublicUrls urls;
  private final Networks networks;

  HostBringUpController(HostRegistration registration, HostInventory inventory, ComputeProviders providers,
      WorkflowClient temporal, AgentChannelSettings channel, AgentCertificateAuthority ca, PublicUrls urls, Networks networks) {
    this.registration = registration;
    this.inventory = inventory;
    this.providers = providers;
    this.temporal = temporal;
    this.channel = channel;
    this.ca = ca;
    this.urls = urls;
    this.networks = networks;
  }

  /**
   * @param provider a configured compute provider (e.g. {@code netns}) to create the machine; absent
   *     (or {@code adopt}) to adopt an existing machine
   * @param spec provider-specific machine spec (size, image, ...); optional
   * @param checkInDeadline ISO-8601, e.g. {@code PT2H}; default one hour, at most a day
   * @param networks networks of the workspace the host joins now (needs {@code networks:manage});
   *     the bring-up's {@code mesh} step then waits until the host has applied its mesh
   */
  record RegisterHostRequest(String name, String provider, String spec, Duration checkInDeadline, List<UUID> networks) {}

  /**
   * @param installToken adopting only, shown once: the install script reads it from {@code LOOPBACK_TOKEN}
   * @param installCommand adopting only: run it as root on the machine after {@code export LOOPBACK_TOKEN=...}
   * @param caSha256 the control plane's agent CA, which the install script pins
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RegisterHostResponse(UUID hostId, String provider, Duration checkInDeadline, String installToken, UUID tokenId,
      String installScriptUrl, String installCommand, List<String> advertisedNames, String caSha256, String bringUpUrl) {}

  @Requires(Capability.HOSTS_MANAGE)
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  RegisterHostResponse register(RequestAccess access, @PathVariable UUID workspaceId, @RequestBody RegisterHostRequest request) {
    Duration deadline = request.checkInDeadline() == null ? DEFAULT_DEADLINE : request.checkInDeadline();
    if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0) {
      throw new InvalidFieldException("checkInDeadline", "checkInDeadline must be positive and at most " + MAX_DEADLINE);
    }
    String provider = request.provider() == null || request.provider().equals("adopt") ? null : request.provider();
    if (provider != null && providers.find(provider).isEmpty()) {
      throw new InvalidFieldException("provider", "unknown provider '" + provider + "': use adopt"
          + (providers.names().isEmpty() ? " (no compute provider is configured)" : " or one of " + providers.names()));
    }
    List<UUID> memberOf = request.networks() == null ? List.of() : request.networks();
    if (!memberOf.isEmpty() && !access.role().grants(Capability.NETWORKS_MANAGE)) {
      throw new ApiAccessException(Problems.forbidden("networks: joining networks requires " + Capability.NETWORKS_MANAGE.wireName()
          + "; your role is " + access.role().wireName()));
    }
    for (int i = 0; i < memberOf.size(); i++) {
      if (memberOf.get(i) == null || !networkIds(workspaceId).contains(memberOf.get(i))) {
        throw new InvalidFieldException("networks[" + i + "]", "networks[" + i + "] is not a network of this workspace: " + memberOf.get(i));
      }
    }
    return provider == null ? adopt(access, workspaceId, request.name(), deadline, memberOf)
        : provision(access, workspaceId, request, provider, deadline, memberOf);
  }

  private Set<UUID> networkIds(UUID workspaceId) {
    return networks.list(workspaceId).stream().map(NetworkView::id).collect(Collectors.toSet());
  }

  /** Joins before the bring-up starts, so its mesh step finds the memberships. */
  private void join(RequestAccess access, UUID workspaceId, UUID hostId, List<UUID> memberOf) {
    for (UUID network : memberOf) {
      networks.join(access.actor(), workspaceId, network, hostId);
    }
  }

  private RegisterHostResponse adopt(RequestAccess access, UUID workspaceId, String name, Duration deadline, List<UUID> memberOf) {
    HostRegistration.Registered host = registration.adopt(workspaceId, name, deadline, access.actor());
    UUID tokenId = host.installToken().token().id();
    join(access, workspaceId, host.hostId(), memberOf);
    start(new BringUpInput(host.hostId().toString(), workspaceId.toString(), null, null, tokenId.toString(), deadline, STEPS));
    String script = InstallUserData.scriptUrl(urls.base(), workspaceId, InstallUserData.CHANNEL);
    return new RegisterHostResponse(host.hostId(), "adopt", deadline, host.installToken().secret(), tokenId, script,
        "curl -fsSL '" + script + "' | sudo --preserve-env=LOOPBACK_TOKEN sh", channel.advertisedNames(), ca.fingerprint(),
        bringUpUrl(workspaceId, host.hostId()));
  }

  private RegisterHostResponse provision(RequestAccess access, UUID workspaceId, RegisterHostRequest request, String provider,
      Duration deadline, List<UUID> memberOf) {
    UUID hostId = registration.provision(workspaceId, request.name(), provider, access.actor());
    join(access, workspaceId, hostId, memberOf);
    start(new BringUpInput(hostId.toString(), workspaceId.toString(), provider, request.spec(), null, deadline, STEPS));
    return new RegisterHostResponse(hostId, provider, deadline, null, null, null, null, null, ca.fingerprint(),
        bringUpUrl(workspaceId, hostId));
  }

  private void start(BringUpInput input) {
    HostBringUpWorkflow bringUp = temporal.newWorkflowStub(HostBringUpWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(AgentCheckIn.bringUpWorkflowId(input.hostId()))
        .setTaskQueue(TaskQueues.CONTROL)
        .build());
    WorkflowClient.start(bringUp::bringUp, input);
  }

  private static String bringUpUrl(UUID workspaceId, UUID hostId) {
    return "/api/v1/workspaces/" + workspaceId + "/hosts/" + hostId + "/bring-up";
  }

  @Requires(Capability.HOSTS_READ)
  @GetMapping("/{hostId}/bring-up")
  BringUpStatus bringUp(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    inventory.get(workspaceId, hostId);
    return status(hostId);
  }

  /**
   * Cancels a bring-up that has not finished. The workflow compensates: a provisioned machine is
   * destroyed, the install token revoked, the host recorded {@code FAILED}.
   */
  @Requires(Capability.HOSTS_MANAGE)
  @DeleteMapping("/{hostId}/bring-up")
  @ResponseStatus(HttpStatus.ACCEPTED)
  BringUpStatus cancel(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    inventory.get(workspaceId, hostId);
    BringUpStatus status = status(hostId);
    if (FINISHED.contains(status.phase())) {
      throw new ConflictException("the bring-up of host " + hostId + " has already finished: " + status.phase());
    }
    WorkflowStub.fromTyped(stub(hostId)).cancel();
    return status;
  }

  private BringUpStatus status(UUID hostId) {
    try {
      return stub(hostId).status();
    } catch (WorkflowNotFoundException e) {
      throw new NotFoundException("bring-up of host " + hostId);
    }
  }

  private HostBringUpWorkflow stub(UUID hostId) {
    return temporal.newWorkflowStub(HostBringUpWorkflow.class, AgentCheckIn.bringUpWorkflowId(hostId.toString()));
  }
}
