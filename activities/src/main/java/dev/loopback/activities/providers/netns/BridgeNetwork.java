package dev.loopback.activities.providers.netns;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machines' layer 2: one host bridge holding the subnet's first address, and per machine a
 * network namespace {@code lb-<id>} joined to the bridge by a veth pair whose machine end is
 * {@code eth0}. Every step is idempotent ({@code replace}, or skipped when present), so the same
 * calls create a machine's network and repair one whose namespace vanished with a host reboot.
 */
final class BridgeNetwork {
  private static final Path NETNS = Path.of("/run/netns");
  private static final Path INTERFACES = Path.of("/sys/class/net");

  private final String bridge;
  private final Subnet subnet;

  BridgeNetwork(String bridge, Subnet subnet) {
    this.bridge = bridge;
    this.subnet = subnet;
  }

  void ensureBridge() {
    if (!interfaceExists(bridge)) {
      Command.run("ip", "link", "add", "name", bridge, "type", "bridge");
    }
    Command.run("ip", "addr", "replace", subnet.withPrefix(subnet.bridgeAddress()), "dev", bridge);
    Command.run("ip", "link", "set", bridge, "up");
  }

  /** Creates whatever of the machine's namespace, veth and addressing is missing, and brings it up. */
  void attach(MachineRecord machine) {
    String ns = machine.namespace();
    if (!namespaceExists(ns)) {
      Command.run("ip", "netns", "add", ns);
    }
    if (!interfaceExists(machine.veth())) {
      // Created with its final name straight in the namespace: "eth0" would clash on the host.
      Command.run("ip", "link", "add", machine.veth(), "type", "veth", "peer", "name", "eth0", "netns", ns);
    }
    Command.run("ip", "link", "set", machine.veth(), "master", bridge);
    Command.run("ip", "link", "set", machine.veth(), "up");
    Command.run("ip", "-n", ns, "link", "set", "lo", "up");
    Command.run("ip", "-n", ns, "addr", "replace", subnet.withPrefix(machine.inetAddress()), "dev", "eth0");
    Command.run("ip", "-n", ns, "link", "set", "eth0", "up");
    Command.run("ip", "-n", ns, "route", "replace", "default", "via", subnet.bridgeAddress().getHostAddress(), "dev", "eth0");
  }

  /** Unplugs the machine's cable: the host side of its veth goes down. */
  void unplug(MachineRecord machine) {
    if (interfaceExists(machine.veth())) {
      Command.run("ip", "link", "set", machine.veth(), "down");
    }
  }

  /** Deletes the veth pair and the namespace; each may already be gone. */
  void detach(MachineRecord machine) {
    if (interfaceExists(machine.veth())) {
      Command.run("ip", "link", "del", machine.veth());
    }
    if (namespaceExists(machine.namespace())) {
      Command.run("ip", "netns", "del", machine.namespace());
    }
  }

  /** Deletes the bridge (for tests and operators; machines still attached lose their network). */
  void deleteBridge() {
    if (interfaceExists(bridge)) {
      Command.run("ip", "link", "del", bridge);
    }
  }

  static boolean namespaceExists(String namespace) {
    return Files.exists(NETNS.resolve(namespace));
  }

  /** Whether the interface exists in this process's (the host's) network namespace. */
  static boolean interfaceExists(String name) {
    return Files.exists(INTERFACES.resolve(name));
  }
}
