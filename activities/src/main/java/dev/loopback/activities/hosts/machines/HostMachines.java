package dev.loopback.activities.hosts.machines;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.providers.ComputeProvider;
import dev.loopback.activities.providers.ComputeProviders;
import dev.loopback.activities.providers.CreateMachine;
import dev.loopback.activities.providers.MachineHandle;
import dev.loopback.activities.providers.PowerAction;
import dev.loopback.activities.providers.ProviderException;
import dev.loopback.activities.tokens.AgentTokens;
import dev.loopback.activities.tokens.MintTokenRequest;
import dev.loopback.activities.tokens.MintedToken;
import dev.loopback.activities.tokens.TokenLifetime;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostMachine;
import dev.loopback.db.hosts.HostMachineRepository;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.workflows.hosts.MachineRef;
import dev.loopback.workflows.hosts.MachineStatus;
import dev.loopback.workflows.hosts.ProvisionRequest;
import dev.loopback.workflows.hosts.ProvisionResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Machines behind hosts, through their compute providers: what the bring-up and power workflows'
 * activities do. Provider errors become Temporal failures: retryable ones are retried by the
 * workflow's retry policy, the others fail at once with the provider's message.
 */
@Service
public class HostMachines {
  private static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);
  private final ComputeProviders providers;
  private final HostMachineRepository machines;
  private final HostRepository hosts;
  private final AgentTokens tokens;
  private final ControlPlaneUrls urls;
  private final Clock clock;

  public HostMachines(ComputeProviders providers, HostMachineRepository machines, HostRepository hosts, AgentTokens tokens,
      ControlPlaneUrls urls, Clock clock) {
    this.providers = providers;
    this.machines = machines;
    this.hosts = hosts;
    this.tokens = tokens;
    this.urls = urls;
    this.clock = clock;
  }

  /**
   * Mints the host's single-use install token, hands it to a new machine as first-boot user-data, and
   * records the machine. A retry after the machine was recorded returns it unchanged.
   */
  public ProvisionResult provision(ProvisionRequest request, Actor actor) {
    ComputeProvider provider = provider(request.provider());
    UUID hostId = UUID.fromString(request.hostId());
    Optional<HostMachine> existing = machines.find(hostId);
    if (existing.isPresent()) {
      HostMachine machine = existing.get();
      return new ProvisionResult(ref(machine), machine.installTokenId() == null ? null : machine.installTokenId().toString());
    }
    Host host = hosts.findById(hostId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "host " + hostId + " does not exist", "HostGone"));
    Duration ttl = request.tokenTtl() == null ? DEFAULT_TOKEN_TTL : request.tokenTtl();
    MintedToken token = tokens.mint(host.workspaceId(),
        new MintTokenRequest("install token for host " + host.name(), TokenLifetime.SHORT_LIVED, ttl, 1), hostId, actor);
    MachineHandle handle;
    try {
      handle = provider.create(new CreateMachine(hostId, host.name(), request.spec(),
          InstallUserData.render(urls.forMachinesOf(provider), host.workspaceId(), host.name(), token.secret())));
    } catch (RuntimeException e) {
      // The machine never got it: the token must not outlive this attempt.
      tokens.revoke(host.workspaceId(), token.token().id(), actor);
      throw failure(provider, e);
    }
    machines.attach(hostId, provider.name(), handle.machineId(), token.token().id(), clock.instant());
    return new ProvisionResult(new MachineRef(request.hostId(), provider.name(), handle.machineId()),
        token.token().id().toString());
  }

  public MachineStatus status(MachineRef ref) {
    ComputeProvider provider = provider(providerOf(ref));
    try {
      var status = provider.status(ref.machineId());
      machines.recordState(UUID.fromString(ref.hostId()), status.state().name(), clock.instant());
      return new MachineStatus(ref, status.state().name(), status.detail());
    } catch (RuntimeException e) {
      throw failure(provider, e);
    }
  }

  /**
   * Destroys the host's machine and revokes the install token it was given. Without a machine id (a
   * bring-up cancelled while its provision call ran) the host's record names the machine, if any.
   */
  public MachineStatus destroy(MachineRef ref) {
    UUID hostId = UUID.fromString(ref.hostId());
    Optional<HostMachine> record = machines.find(hostId);
    String machineId = ref.machineId() != null ? ref.machineId() : record.map(HostMachine::machineId).orElse(null);
    if (machineId == null) {
      return new MachineStatus(ref, "GONE", "no machine was created");
    }
    ComputeProvider provider = provider(providerOf(ref));
    try {
      provider.destroy(machineId);
    } catch (RuntimeException e) {
      throw failure(provider, e);
    }
    machines.recordDestroyed(hostId, clock.instant());
    record.filter(m -> m.installTokenId() != null).ifPresent(m -> hosts.findById(hostId).ifPresent(host ->
        tokens.revoke(host.workspaceId(), m.installTokenId(), Actor.system("host-machines", "destroy " + machineId))));
    return new MachineStatus(new MachineRef(ref.hostId(), provider.name(), machineId), "GONE", null);
  }

  /** Asks for the action and returns the state the provider reports right after. */
  public MachineStatus power(MachineRef ref, PowerAction action) {
    ComputeProvider provider = provider(providerOf(ref));
    try {
      provider.power(ref.machineId(), action);
    } catch (RuntimeException e) {
      throw failure(provider, e);
    }
    return status(ref);
  }

  public Optional<HostMachine> find(UUID hostId) {
    return machines.find(hostId);
  }

  /** The workflow may not know the provider (a compensation after a crash): the host's record does. */
  private String providerOf(MachineRef ref) {
    if (ref.provider() != null) {
      return ref.provider();
    }
    return machines.find(UUID.fromString(ref.hostId())).map(HostMachine::provider).orElseThrow(() ->
        ApplicationFailure.newNonRetryableFailure("host " + ref.hostId() + " has no machine from a provider", "NoMachine"));
  }

  private ComputeProvider provider(String name) {
    return providers.find(name).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no compute provider named '" + name + "' is configured (configured: " + providers.names() + ")", "NoProvider"));
  }

  private static MachineRef ref(HostMachine machine) {
    return new MachineRef(machine.hostId().toString(), machine.provider(), machine.machineId());
  }

  private static RuntimeException failure(ComputeProvider provider, RuntimeException e) {
    String message = "provider " + provider.name() + ": " + e.getMessage();
    if (e instanceof ProviderException p && !p.retryable()) {
      return ApplicationFailure.newNonRetryableFailureWithCause(message, "ProviderRefused", e);
    }
    return ApplicationFailure.newFailureWithCause(message, "ProviderUnavailable", e);
  }
}
