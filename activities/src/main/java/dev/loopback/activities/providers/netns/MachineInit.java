package dev.loopback.activities.providers.netns;

import dev.loopback.activities.providers.ProviderException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A machine's init process tree, seen from the host:
 * <pre>
 * unshare --mount --uts --pid --fork --kill-child   (pid and start time kept in machine.json)
 *  '- sh boot.sh  -exec-&gt;  chroot root  -exec-&gt;  /usr/sbin/loopback-netns-init   (PID 1 inside)
 * </pre>
 * started in the machine's network namespace by {@code nsenter --net}. Killing {@code unshare} kills
 * PID 1 (--kill-child), and the kernel then kills every process of the PID namespace, and the mount
 * namespace (with all the machine's mounts) goes with its last process. {@code setsid} keeps the
 * machine out of the control plane's process group, so a Ctrl-C there does not reach it.
 */
final class MachineInit {
  static final String CONSOLE = "console.log";
  private static final String BOOT = "boot.sh";
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private MachineInit() {}

  /** Starts the init and waits until it has mounted the machine's root and entered it. */
  static MachineRecord start(MachineRecord machine, Path machineDir) {
    Path boot = machineDir.resolve(BOOT);
    try (InputStream in = MachineInit.class.getClassLoader().getResourceAsStream("netns/" + BOOT)) {
      if (in == null) {
        throw new IllegalStateException("resource netns/" + BOOT + " is missing from the build");
      }
      Files.write(boot, in.readAllBytes());
      Files.setPosixFilePermissions(boot, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new ProviderException("cannot write " + boot + ": " + e, true, e);
    }
    List<String> argv = List.of("setsid", "nsenter", "--net=/run/netns/" + machine.namespace(),
        "unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child", "--propagation", "private",
        "/bin/sh", boot.toString(), machineDir.toString(), hostname(machine));
    ProcessBuilder builder = new ProcessBuilder(argv)
        .redirectInput(new File("/dev/null"))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(machineDir.resolve(CONSOLE).toFile()))
        .redirectErrorStream(true);
    Command.cleanEnvironment(builder.environment());
    ProcessHandle process;
    try {
      process = builder.start().toHandle();
    } catch (IOException e) {
      throw new ProviderException(Command.describe(argv) + " could not start: " + e.getMessage(), false, e);
    }
    long startTime = process.info().startInstant().map(Instant::toEpochMilli)
        .orElseThrow(() -> new ProviderException("cannot read the start time of the init process " + process.pid(), true));
    MachineRecord started = machine.started(process.pid(), startTime);
    try {
      awaitBooted(started, machineDir);
    } catch (ProviderException e) {
      kill(started, machineDir); // a slow boot must not live on unrecorded, to be started a second time
      throw e;
    }
    return started;
  }

  /** The running init's outermost process, when the one recorded is still the same process. */
  static Optional<ProcessHandle> find(MachineRecord machine) {
    if (machine.pid() == null || machine.startTimeMillis() == null) {
      return Optional.empty();
    }
    return ProcessHandle.of(machine.pid())
        .filter(MachineInit::alive)
        .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L).equals(machine.startTimeMillis()));
  }

  /** PID 1 of the machine, once it runs inside the machine's root; empty while booting or off. */
  static Optional<ProcessHandle> machinePid1(MachineRecord machine) {
    return find(machine).flatMap(p -> p.children().findFirst()).filter(MachineInit::chrooted);
  }

  /**
   * Kills the machine and waits until every process in it is gone. Also finds an init that
   * machine.json does not know (the control plane died between starting it and saving its pid).
   */
  static void kill(MachineRecord machine, Path machineDir) {
    List<ProcessHandle> targets = new ArrayList<>();
    find(machine).ifPresent(targets::add);
    String bootScript = machineDir.resolve(BOOT).toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.info().command().orElse("").endsWith("/unshare"))
        .filter(p -> p.info().arguments().map(args -> List.of(args).contains(bootScript)).orElse(false))
        .forEach(targets::add);
    List<ProcessHandle> all = new ArrayList<>(targets);
    targets.forEach(p -> p.children().forEach(all::add));
    all.forEach(ProcessHandle::destroyForcibly);
    // PID 1 of a namespace exits only after the kernel has killed every other process in it.
    long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
    while (all.stream().anyMatch(MachineInit::alive)) {
      if (System.nanoTime() > deadline) {
        throw new ProviderException("machine " + machine.id() + ": processes survived SIGKILL for " + KILL_TIMEOUT, true);
      }
      pause(machine);
    }
  }

  /** A zombie is dead for our purposes: it only waits for a parent (maybe the host's init) to reap it. */
  static boolean alive(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static String hostname(MachineRecord machine) {
    return HOSTNAME.matcher(machine.name()).matches() ? machine.name() : machine.id();
  }

  private static boolean chrooted(ProcessHandle pid1) {
    try {
      return !Files.readSymbolicLink(Path.of("/proc", Long.toString(pid1.pid()), "root")).toString().equals("/");
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitBooted(MachineRecord machine, Path machineDir) {
    long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
    while (machinePid1(machine).isEmpty()) {
      if (find(machine).isEmpty()) {
        throw new ProviderException("machine " + machine.id() + " failed to boot: " + consoleTail(machineDir), false);
      }
      if (System.nanoTime() > deadline) {
        throw new ProviderException("machine " + machine.id() + " did not boot within " + BOOT_TIMEOUT + ": "
            + consoleTail(machineDir), true);
      }
      pause(machine);
    }
  }

  private static void pause(MachineRecord machine) {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted while waiting for machine " + machine.id(), true, e);
    }
  }

  /** The console's last lines: boot.sh's complaints when mounting failed. */
  static String consoleTail(Path machineDir) {
    try {
      List<String> lines = Files.readAllLines(machineDir.resolve(CONSOLE));
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no console output)";
    }
  }
}
