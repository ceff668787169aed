package dev.loopback.activities.providers.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.loopback.activities.providers.CreateMachine;
import dev.loopback.activities.providers.MachineHandle;
import dev.loopback.activities.providers.MachineState;
import dev.loopback.activities.providers.PowerAction;
import dev.loopback.activities.providers.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real machines: needs root, iproute2 and util-linux. Two machines on a bridge and subnet of their
 * own (so the test cannot disturb a running control plane), whose user data installs and enables a
 * probe service the way an installer would. Power tests use machine B; A stays up throughout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsProviderIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String PROBE = """
      #!/bin/sh
      set -eu
      cat > /etc/systemd/system/loopback-probe.service <<'UNIT'
      [Unit]
      Description=Loopback netns probe
      [Service]
      User=nobody
      StateDirectory=probe
      StateDirectoryMode=0750
      RuntimeDirectory=probe
      Environment="MARKER=%s"
      ExecStart=/bin/sh -c 'while :; do date +%%%%s.%%%%N > /var/lib/probe/alive; sleep 0.2; done' "$MARKER"
      Restart=on-failure
      RestartSec=1
      [Install]
      WantedBy=multi-user.target
      UNIT
      systemctl enable --now loopback-probe
      echo installed
      """;

  private static Path dir;
  private static NetnsProvider provider;
  private static MachineHandle a;
  private static MachineHandle b;
  private static UUID hostA;

  @BeforeAll
  static void createTwoMachines() throws IOException {
    assumeThat(HostRequirements.isRoot()).as("NetnsProviderIT needs root (network namespaces, overlay mounts)").isTrue();
    assumeThat(HostRequirements.which("ip")).as("NetnsProviderIT needs iproute2's ip").isPresent();
    assumeThat(HostRequirements.which("nsenter")).as("NetnsProviderIT needs util-linux's nsenter").isPresent();
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    int subnet = ThreadLocalRandom.current().nextInt(256);
    dir = Files.createTempDirectory("netns-it-");
    provider = new NetnsProvider(new NetnsSettings(true, "lbit" + suffix, "10.214." + subnet + ".0/24", dir));
    hostA = UUID.randomUUID();
    a = provider.create(new CreateMachine(hostA, "it-a", "", PROBE.formatted("probe-" + suffix + "-a")));
    b = provider.create(new CreateMachine(UUID.randomUUID(), "it-b", "", PROBE.formatted("probe-" + suffix + "-b")));
  }

  @AfterAll
  static void destroyEverything() throws IOException {
    if (provider == null) {
      return;
    }
    try (var machines = Files.list(dir.resolve("machines"))) {
      machines.forEach(m -> provider.destroy(m.getFileName().toString()));
    }
    provider.deleteBridge();
    SafeDelete.tree(dir);
  }

  @Test
  @Order(1)
  void runsTheUserDataOnceAndStartsTheServiceItEnabledAsTheServicesUser() {
    awaitProbe(a);
    // The service starts before the user data script that enabled it has exited and written its status.
    eventually("the user data of " + a.machineId() + " has exited", () -> !provider.status(a.machineId()).detail().isEmpty());

    assertThat(provider.status(a.machineId()).state()).isEqualTo(MachineState.RUNNING);
    assertThat(provider.status(a.machineId()).detail()).isEqualTo("user data exited with status 0");
    assertThat(exec(a, "cat /var/log/loopback-netns-user-data.log")).contains("installed");
    assertThat(exec(a, "stat -c '%a %U' /var/log/loopback-netns-user-data.log /var/lib/probe /run/probe"))
        .isEqualTo("600 root\n750 nobody\n755 nobody\n");
    assertThat(exec(a, "test ! -e /var/lib/loopback-netns/user-data && echo deleted")).isEqualTo("deleted\n");
    assertThat(exec(a, "readlink /etc/systemd/system/multi-user.target.wants/loopback-probe.service"))
        .isEqualTo("/etc/systemd/system/loopback-probe.service\n");
    String first = exec(a, "cat /var/lib/probe/alive");
    eventually("the probe keeps writing", () -> !exec(a, "cat /var/lib/probe/alive").equals(first));
  }

  @Test
  @Order(2)
  void machinesReachEachOtherAndTheControlPlaneOnTheBridge() throws IOException {
    String addressOfB = exec(b, "ip -4 -o addr show dev eth0").split("\\s+")[3].split("/")[0];
    // No ping on a minimal Debian: TCP with perl-base and bash, which every Debian has.
    exec(b, "perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(LocalPort => 7070, Listen => 1, ReuseAddr => 1) or die;"
        + " $c = $s->accept; print $c \"pong from b\\n\"; close $c' </dev/null >/dev/null 2>&1 &");
    eventually("b listens", () -> exec(b, "cat /proc/net/tcp").contains(":1B9E 00000000:0000 0A"));
    assertThat(exec(a, "bash -c 'exec 3<>/dev/tcp/" + addressOfB + "/7070; cat <&3'")).isEqualTo("pong from b\n");

    InetAddress bridge = provider.bridgeAddress();
    try (ServerSocket controlPlane = new ServerSocket(0, 1, bridge)) {
      exec(b, "bash -c 'echo hello control plane >/dev/tcp/" + bridge.getHostAddress() + "/" + controlPlane.getLocalPort() + "'");
      try (Socket connection = controlPlane.accept(); InputStream in = connection.getInputStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello control plane\n");
        assertThat(connection.getInetAddress().getHostAddress()).isEqualTo(addressOfB);
      }
    }
  }

  @Test
  @Order(3)
  void keepsTheMachinesChangesToTheOsOffTheHost() throws IOException {
    exec(a, "echo changed > /etc/netns-it-marker && echo 'exit 0' > /usr/local/bin/netns-it-marker");

    assertThat(exec(a, "cat /etc/netns-it-marker")).isEqualTo("changed\n");
    assertThat(Path.of("/etc/netns-it-marker")).doesNotExist();
    assertThat(Path.of("/usr/local/bin/netns-it-marker")).doesNotExist();
    assertThat(Path.of("/etc/systemd/system/loopback-probe.service")).doesNotExist();
    assertThat(Files.readAllBytes(Path.of("/usr/bin/systemctl"))).startsWith(0x7f, 'E', 'L', 'F');
    assertThat(exec(a, "head -c 9 /usr/bin/systemctl")).isEqualTo("#!/bin/sh");
    assertThat(exec(a, "cat /proc/sys/kernel/hostname")).isEqualTo("it-a\n");
  }

  @Test
  @Order(4)
  void powerOffKillsEveryProcessOfTheMachineAndPowerOnStartsItsServiceAgain() {
    awaitProbe(b);
    assertThat(probeProcess(b)).isPresent();

    provider.power(b.machineId(), PowerAction.OFF);

    assertThat(provider.status(b.machineId()).state()).isEqualTo(MachineState.OFF);
    assertThat(probeProcess(b)).isEmpty();
    assertThat(Path.of("/sys/class/net", "lbv" + b.machineId(), "operstate")).content().isEqualToIgnoringNewLines("down");
    assertThatThrownBy(() -> exec(b, "true")).isInstanceOf(ProviderException.class).hasMessageContaining("not running");

    provider.power(b.machineId(), PowerAction.ON);

    assertThat(provider.status(b.machineId()).state()).isEqualTo(MachineState.RUNNING);
    awaitProbe(b);
    assertThat(Path.of("/sys/class/net", "lbv" + b.machineId(), "operstate")).content().isEqualToIgnoringNewLines("up");
    assertThat(exec(b, "bash -c 'exec 3<>/dev/tcp/" + provider.bridgeAddress().getHostAddress() + "/1' 2>&1 || true"))
        .as("the host answers again: refused, not unreachable").contains("refused");
  }

  @Test
  @Order(5)
  void resetRestartsTheServiceInANewProcess() {
    awaitProbe(b);
    long before = probeProcess(b).orElseThrow().pid();

    provider.power(b.machineId(), PowerAction.RESET);

    assertThat(provider.status(b.machineId()).state()).isEqualTo(MachineState.RUNNING);
    awaitProbe(b);
    assertThat(probeProcess(b).orElseThrow().pid()).isNotEqualTo(before);
    assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  @Order(6)
  void createIsIdempotentPerHost() {
    MachineHandle again = provider.create(new CreateMachine(hostA, "another-name", "", "exit 1"));

    assertThat(again.machineId()).isEqualTo(a.machineId());
    assertThat(again.state()).isEqualTo(MachineState.RUNNING);
  }

  @Test
  @Order(7)
  void destroyRemovesNamespaceVethAndFilesAndLeavesTheHostsOsAlone() throws Exception {
    String etcPasswd = sha256(Path.of("/etc/passwd"));
    String systemctl = sha256(Path.of("/usr/bin/systemctl"));
    MachineHandle c = provider.create(new CreateMachine(UUID.randomUUID(), "it-c", "", "adduser --system --quiet netns-it-user"));
    eventually("c's user data ran", () -> provider.status(c.machineId()).detail().equals("user data exited with status 0"));
    assertThat(exec(c, "getent passwd netns-it-user")).startsWith("netns-it-user:");
    Path machineDir = dir.resolve("machines").resolve(c.machineId());

    provider.destroy(c.machineId());

    assertThat(provider.status(c.machineId()).state()).isEqualTo(MachineState.GONE);
    assertThat(Path.of("/run/netns/lb-" + c.machineId())).doesNotExist();
    assertThat(Path.of("/sys/class/net/lbv" + c.machineId())).doesNotExist();
    assertThat(machineDir).doesNotExist();
    assertThat(sha256(Path.of("/etc/passwd"))).isEqualTo(etcPasswd);
    assertThat(sha256(Path.of("/usr/bin/systemctl"))).isEqualTo(systemctl);
    assertThat(Files.isDirectory(Path.of("/usr/sbin"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Path.of("/usr/sbin/loopback-netns-init")).doesNotExist();
    provider.destroy(c.machineId()); // again: a no-op
  }

  @Test
  @Order(8)
  void unknownMachinesAreGoneAndCannotBePowered() {
    assertThat(provider.status("n00000000").state()).isEqualTo(MachineState.GONE);
    assertThat(provider.status("../../etc").state()).isEqualTo(MachineState.GONE);
    provider.destroy("n00000000");
    assertThatThrownBy(() -> provider.power("n00000000", PowerAction.ON))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  @Order(9)
  void keepsTheUserDataReadableByRootAloneUntilItRan() throws IOException {
    MachineHandle d = provider.create(new CreateMachine(UUID.randomUUID(), "it-d", "", "sleep 30"));
    Path userData = dir.resolve("machines").resolve(d.machineId()).resolve("upper/var/lib/loopback-netns/user-data");

    assertThat(Files.getPosixFilePermissions(userData)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(userData.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.readString(dir.resolve("machines").resolve(d.machineId()).resolve(MachineStore.RECORD))).doesNotContain("sleep 30");
    provider.destroy(d.machineId());
  }

  private static String exec(MachineHandle machine, String command) {
    return provider.exec(machine.machineId(), command, Duration.ofSeconds(20));
  }

  private static void awaitProbe(MachineHandle machine) {
    eventually("loopback-probe is active on " + machine.machineId(),
        () -> provider.status(machine.machineId()).state() == MachineState.RUNNING
            && exec(machine, "systemctl is-active loopback-probe || true").equals("active\n"));
  }

  /** The probe's shell loop, as the host sees it: its argv carries the machine's marker. */
  private static Optional<ProcessHandle> probeProcess(MachineHandle machine) {
    String marker = machine == a ? "-a" : "-b";
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
            .anyMatch(arg -> arg.startsWith("probe-") && arg.endsWith(marker)))
        .filter(MachineInit::alive)
        .findFirst();
  }

  private static void eventually(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting until " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
