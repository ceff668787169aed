package dev.loopback.agent.host;

import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.ModuleState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The real machine. The OS name, kernel and architecture cannot change while the agent runs and are
 * read once; the hostname and addresses can (DHCP, hostnamectl) and are read at every call.
 */
public final class LinuxHost implements HostSide {
  private final String agentVersion;
  private final LongSupplier nanoTime;
  private final long startedNanos;
  private final String os;
  private final String kernel;
  private final String architecture;
  private final Supplier<List<ModuleState>> modules;

  public LinuxHost(String agentVersion) {
    this(agentVersion, List::of);
  }

  /** @param modules the states of the modules the agent runs; called at every heartbeat, so it must not block */
  public LinuxHost(String agentVersion, Supplier<List<ModuleState>> modules) {
    this(agentVersion, System::nanoTime, Path.of("/etc/os-release"), modules);
  }

  LinuxHost(String agentVersion, LongSupplier nanoTime, Path osRelease) {
    this(agentVersion, nanoTime, osRelease, List::of);
  }

  private LinuxHost(String agentVersion, LongSupplier nanoTime, Path osRelease, Supplier<List<ModuleState>> modules) {
    this.agentVersion = agentVersion;
    this.modules = modules;
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
    this.os = prettyName(osRelease);
    this.kernel = System.getProperty("os.version", "unknown");
    this.architecture = unameArchitecture(System.getProperty("os.arch", "unknown"));
  }

  @Override
  public String agentVersion() {
    return agentVersion;
  }

  @Override
  public long uptimeSeconds() {
    return (nanoTime.getAsLong() - startedNanos) / 1_000_000_000L;
  }

  @Override
  public HostFacts facts() {
    return new HostFacts(hostname(), os, kernel, architecture, addresses());
  }

  @Override
  public List<ModuleState> modules() {
    return modules.get();
  }

  /** Java's names for architectures to the ones {@code uname -m} prints, which operators know. */
  static String unameArchitecture(String javaArch) {
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64", "x64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      case "x86", "i386", "i486", "i586", "i686" -> "i686";
      case "arm", "arm32" -> "armv7l";
      default -> javaArch;
    };
  }

  static String prettyName(Path osRelease) {
    try {
      for (String line : Files.readAllLines(osRelease, StandardCharsets.UTF_8)) {
        if (line.startsWith("PRETTY_NAME=")) {
          String value = line.substring("PRETTY_NAME=".length()).strip();
          if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
            value = value.substring(1, value.length() - 1);
          }
          return value;
        }
      }
    } catch (IOException e) {
      // Fall through: a missing os-release is unusual but not a reason to fail.
    }
    return System.getProperty("os.name", "Linux");
  }

  private static String hostname() {
    // The kernel's hostname, not InetAddress.getLocalHost(): that one may block on DNS, on the event loop.
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // Not Linux, or /proc is not mounted: fall back below.
    }
    String env = System.getenv("HOSTNAME");
    return env != null && !env.isBlank() ? env : "localhost";
  }

  /** Addresses of interfaces that are up, without loopback; sorted so that an unchanged host compares equal. */
  static List<String> addresses() {
    List<String> addresses = new ArrayList<>();
    try {
      Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
      while (interfaces != null && interfaces.hasMoreElements()) {
        NetworkInterface nic = interfaces.nextElement();
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
          if (!address.isLoopbackAddress()) {
            // getHostAddress keeps an IPv6 link-local scope ("%eth0"): without it the address is not usable.
            addresses.add(address.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // Report what we have; the next heartbeat tries again.
    }
    addresses.sort(null);
    return List.copyOf(addresses);
  }
}
