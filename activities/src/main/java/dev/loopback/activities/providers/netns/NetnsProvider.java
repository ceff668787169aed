package dev.loopback.activities.providers.netns;

import dev.loopback.activities.providers.ComputeProvider;
import dev.loopback.activities.providers.CreateMachine;
import dev.loopback.activities.providers.MachineHandle;
import dev.loopback.activities.providers.MachineState;
import dev.loopback.activities.providers.MachineStatus;
import dev.loopback.activities.providers.PowerAction;
import dev.loopback.activities.providers.ProviderException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Real local machines as Linux namespaces: each machine has its own network namespace on a host
 * bridge, its own PID, mount and UTS namespaces, and a copy-on-write view of the host's OS as its
 * root, with a tiny init and a systemctl shim so that Debian packages install and run services in it.
 * Root on the machine is root on the host: this is a test bed for real agents, not isolation.
 *
 * <p>All state is on disk ({@link MachineStore}), so machines outlive a control-plane restart.
 * {@code create} and {@code power} finish their work before returning (well under a second); the
 * user data then runs in the machine.
 */
@Component
@ConditionalOnProperty(prefix = "loopback.providers.netns", name = "enabled", havingValue = "true")
public class NetnsProvider implements ComputeProvider {
  private static final Logger log = LoggerFactory.getLogger(NetnsProvider.class);
  static final String NAME = "netns";
  private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> TOOLS = List.of("ip", "unshare", "nsenter", "setsid", "mount", "chroot", "mknod");

  private final Subnet subnet;
  private final BridgeNetwork network;
  private final MachineStore store;
  private final RandomGenerator random = new SecureRandom();

  public NetnsProvider(NetnsSettings settings) {
    HostRequirements.check(TOOLS);
    this.subnet = Subnet.parse(settings.cidr());
    this.network = new BridgeNetwork(settings.bridge(), subnet);
    this.store = new MachineStore(settings.dir());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Where machines reach the host, and so the control plane. */
  public InetAddress bridgeAddress() {
    return subnet.bridgeAddress();
  }

  @Override
  public MachineHandle create(CreateMachine request) {
    return store.exclusively(() -> {
      List<MachineRecord> machines = store.all();
      Optional<MachineRecord> existing = machines.stream().filter(m -> m.hostId().equals(request.hostId())).findFirst();
      if (existing.isPresent()) {
        return new MachineHandle(existing.get().id(), status(existing.get()).state());
      }
      InetAddress address = subnet.firstFree(machines.stream().map(MachineRecord::inetAddress).toList())
          .orElseThrow(() -> new ProviderException("no free address left in " + subnet + " for another machine", false));
      MachineId id = freshId();
      MachineRecord machine = MachineRecord.fresh(id, request.hostId(), request.name(), address);
      store.save(machine);
      try {
        new MachineDisk(store.machineDir(id)).create(request.userData());
        network.ensureBridge();
        network.attach(machine);
        machine = MachineInit.start(machine, store.machineDir(id));
        store.save(machine);
      } catch (RuntimeException e) {
        log.warn("Creating netns machine {} for host {} failed; removing it", id, request.hostId());
        removeQuietly(machine, e);
        throw e;
      }
      log.info("Created netns machine {} for host {} at {}", id, request.hostId(), address.getHostAddress());
      return new MachineHandle(id.value(), MachineState.RUNNING);
    });
  }

  @Override
  public void destroy(String machineId) {
    Optional<MachineId> id = MachineId.parse(machineId);
    if (id.isEmpty()) {
      return;
    }
    store.exclusively(() -> {
      Optional<MachineRecord> machine = store.find(id.get());
      if (machine.isPresent()) {
        MachineInit.kill(machine.get(), store.machineDir(id.get()));
        network.detach(machine.get());
      }
      store.delete(id.get());
      machine.ifPresent(m -> log.info("Destroyed netns machine {} of host {}", m.id(), m.hostId()));
    });
  }

  @Override
  public void power(String machineId, PowerAction action) {
    MachineId id = MachineId.parse(machineId)
        .orElseThrow(() -> new ProviderException("no netns machine " + machineId + " (not a netns machine id)", false));
    store.exclusively(() -> {
      MachineRecord machine = store.find(id)
          .orElseThrow(() -> new ProviderException("no netns machine " + machineId, false));
      Path dir = store.machineDir(id);
      switch (action) {
        case OFF -> {
          MachineInit.kill(machine, dir);
          network.unplug(machine);
          store.save(machine.stopped());
        }
        case ON -> {
          if (MachineInit.find(machine).isEmpty()) {
            boot(machine, dir);
          }
        }
        case RESET -> {
          MachineInit.kill(machine, dir);
          boot(machine, dir);
        }
      }
      log.info("Power {} netns machine {}", action, id);
    });
  }

  @Override
  public MachineStatus status(String machineId) {
    Optional<MachineRecord> machine = MachineId.parse(machineId).flatMap(store::find);
    return machine.map(this::status).orElseGet(() -> MachineStatus.of(machineId, MachineState.GONE));
  }

  /**
   * Runs {@code shellCommand} with {@code /bin/sh -c} as root inside the running machine (its
   * namespaces and root directory) and returns its stdout.
   *
   * @throws ProviderException when the machine is not running, or the command fails (with its
   *     stderr) or outlives {@code timeout}. Background processes it starts must redirect their
   *     output, or their output is cut off 2s after the command exits.
   */
  public String exec(String machineId, String shellCommand, Duration timeout) {
    MachineId id = MachineId.parse(machineId)
        .orElseThrow(() -> new ProviderException("no netns machine " + machineId, false));
    MachineRecord machine = store.find(id).orElseThrow(() -> new ProviderException("no netns machine " + machineId, false));
    ProcessHandle pid1 = MachineInit.machinePid1(machine)
        .orElseThrow(() -> new ProviderException("netns machine " + machineId + " is not running", true));
    return Command.run(timeout, List.of("nsenter", "--target", Long.toString(pid1.pid()),
        "--mount", "--uts", "--net", "--pid", "--root", "--wd", "/bin/sh", "-c", shellCommand));
  }

  /** {@link #exec(String, String, Duration)} with a 60s timeout. */
  public String exec(String machineId, String shellCommand) {
    return exec(machineId, shellCommand, EXEC_TIMEOUT);
  }

  /** Deletes the bridge, for tests and operators; machines still on it lose their network. */
  public void deleteBridge() {
    store.exclusively(network::deleteBridge);
  }

  private void boot(MachineRecord machine, Path dir) {
    network.ensureBridge();
    network.attach(machine);
    store.save(MachineInit.start(machine, dir));
  }

  private MachineStatus status(MachineRecord machine) {
    if (machine.pid() == null && machine.poweredOn()) {
      // Saved before its network and disk exist, so that its address is taken; create() holds the lock.
      return new MachineStatus(machine.id(), MachineState.CREATING, "being created");
    }
    if (!BridgeNetwork.namespaceExists(machine.namespace())) {
      return new MachineStatus(machine.id(), MachineState.ERROR, "network namespace " + machine.namespace()
          + " is missing (the host rebooted?); power ON recreates it");
    }
    if (!BridgeNetwork.interfaceExists(machine.veth())) {
      return new MachineStatus(machine.id(), MachineState.ERROR, "veth " + machine.veth()
          + " is missing; power ON recreates it");
    }
    Path dir = store.machineDir(machine.machineId());
    if (MachineInit.find(machine).isPresent()) {
      String userData = new MachineDisk(dir).userDataStatus();
      return new MachineStatus(machine.id(), MachineState.RUNNING,
          userData.isEmpty() ? "" : "user data exited with status " + userData);
    }
    return new MachineStatus(machine.id(), MachineState.OFF, machine.poweredOn()
        ? "init exited without a power OFF: " + MachineInit.consoleTail(dir) : "");
  }

  private MachineId freshId() {
    while (true) {
      MachineId id = MachineId.random(random);
      if (!Files.exists(store.machineDir(id)) && !BridgeNetwork.interfaceExists(id.hostVeth())
          && !BridgeNetwork.namespaceExists(id.namespace())) {
        return id;
      }
    }
  }

  private void removeQuietly(MachineRecord machine, RuntimeException cause) {
    try {
      MachineInit.kill(machine, store.machineDir(machine.machineId()));
      network.detach(machine);
      store.delete(machine.machineId());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
