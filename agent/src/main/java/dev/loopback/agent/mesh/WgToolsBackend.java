package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real interface, driven with iproute2's {@code ip} and wireguard-tools' {@code wg}. The interface
 * is kernel WireGuard where the kernel has it, else a TUN device served by {@code wireguard-go}; the
 * first creation finds out which, and later ones use the same.
 *
 * <p>Changes are made live: {@code wg syncconf} touches only peers whose settings differ (sessions of
 * the others go on), and addresses, routes, MTU and the link state are changed only where they differ
 * from what {@code ip} reports. The interface is created only when it is absent, never re-created.
 *
 * <p>Hazards: the private key reaches {@code wg} in a 0600 file under the agent's state directory,
 * deleted right after, never on a command line (which {@code ps} shows to everyone); {@code wg}'s
 * error messages may quote a configuration line, so they are scrubbed of the key before they are
 * reported. wireguard-go keeps its control socket at {@code /var/run/wireguard/<name>.sock}, one
 * directory for every network namespace of the machine: two namespaces of one machine need two
 * interface names.
 */
public final class WgToolsBackend implements WireGuardBackend {
  public static final String DEFAULT_INTERFACE = "lbmesh0";
  private static final Logger log = LoggerFactory.getLogger(WgToolsBackend.class);
  private static final IpPrefix LINK_LOCAL_V6 = IpPrefix.parse("fe80::/10", false);

  private enum Implementation { KERNEL, WIREGUARD_GO }

  private final CommandRunner runner;
  private final String name;
  private final Path workDirectory;
  private Implementation implementation;

  /**
   * @param workDirectory a 0700 directory of the agent's (its state directory's {@code mesh/}) for the
   *     moment {@code wg syncconf} needs its configuration in a file
   */
  public WgToolsBackend(CommandRunner runner, String name, Path workDirectory) {
    this.runner = runner;
    this.name = name;
    this.workDirectory = workDirectory;
  }

  @Override
  public String interfaceName() {
    return name;
  }

  @Override
  public void apply(WireGuardConfig config, HostKey key) {
    IpJson.Link link = link().orElseGet(this::create);
    if (!"wireguard".equals(link.kind()) && !"tun".equals(link.kind())) {
      throw new MeshBackendException(name + " exists and is a " + link.kind() + " device, not WireGuard; rename it or "
          + "choose another mesh-interface");
    }
    syncconf(config, key);
    int mtu = config.mtu() == 0 ? MeshConfigValidator.DEFAULT_MTU : config.mtu();
    if (link.mtu() != mtu) {
      ip("link", "set", "dev", name, "mtu", Integer.toString(mtu));
    }
    List<IpPrefix> addresses = config.addresses().stream().map(address -> IpPrefix.parse(address, false)).toList();
    for (IpPrefix address : addresses) {
      if (!link.addresses().contains(address)) {
        // noprefixroute: the routes of the mesh are exactly its networks, added below, and no address
        // change adds or takes away a route behind our back.
        ip("address", "replace", address.toString(), "dev", name, "noprefixroute");
      }
    }
    for (IpPrefix stale : link.addresses()) {
      if (!addresses.contains(stale)) {
        ip("address", "del", stale.toString(), "dev", name);
      }
    }
    if (!link.up()) {
      // Up before the routes: the kernel refuses a route through a device that is down.
      ip("link", "set", "dev", name, "up");
    }
    syncRoutes(config.networks().stream().map(network -> IpPrefix.parse(network, false)).toList());
  }

  @Override
  public Optional<InterfaceState> read() {
    Optional<IpJson.Link> link = link();
    if (link.isEmpty()) {
      return Optional.empty();
    }
    WgDump dump;
    try {
      dump = WgDump.parse(runner.check(List.of("wg", "show", name, "dump")));
    } catch (IllegalArgumentException e) {
      throw new MeshBackendException("cannot read `wg show " + name + " dump`: " + e.getMessage(), e);
    }
    IpJson.Link l = link.get();
    return Optional.of(new InterfaceState(l.index(), l.up(), l.mtu(), dump.publicKey(), dump.listenPort(), l.addresses(), dump.peers()));
  }

  @Override
  public void remove() {
    if (link().isPresent()) {
      // wireguard-go exits by itself once its TUN device is gone.
      ip("link", "del", "dev", name);
    }
  }

  @Override
  public List<Route> underlayRoutes() {
    return routes().stream().filter(route -> route.device() != null && !route.device().equals(name)).toList();
  }

  @Override
  public void probe(InetAddress overlayAddress) {
    // Through the runner, so that the datagram leaves from the interface's network namespace; bash's
    // /dev/udp needs no privilege (ping would need CAP_NET_RAW, which the agent's service does not
    // keep) and bash is on every Debian host. Port 9 is "discard": the payload means nothing.
    CommandResult result = runner.run(List.of("bash", "-c", "printf loopback-mesh-probe >/dev/udp/\"$1\"/9", "probe",
        overlayAddress.getHostAddress()), null);
    if (result.exitCode() != 0) {
      log.atDebug().addKeyValue("address", overlayAddress.getHostAddress()).addKeyValue("reason", result.stderr().strip())
          .log("cannot send a mesh probe");
    }
  }

  private Optional<IpJson.Link> link() {
    CommandResult result = runner.run(List.of("ip", "-d", "-j", "address", "show", "dev", name), null);
    if (result.exitCode() != 0) {
      if (result.stderr().contains("does not exist")) {
        return Optional.empty();
      }
      throw new MeshBackendException(result.describeFailure(List.of("ip", "-d", "-j", "address", "show", "dev", name)));
    }
    try {
      return Optional.of(IpJson.link(result.stdout()));
    } catch (IllegalArgumentException e) {
      throw new MeshBackendException("cannot read the state of " + name + ": " + e.getMessage(), e);
    }
  }

  private IpJson.Link create() {
    if (implementation != Implementation.WIREGUARD_GO) {
      List<String> command = List.of("ip", "link", "add", "dev", name, "type", "wireguard");
      CommandResult kernel = runner.run(command, null);
      if (kernel.exitCode() == 0) {
        chosen(Implementation.KERNEL);
        return created();
      }
      String why = kernel.stderr().toLowerCase(Locale.ROOT);
      if (implementation == Implementation.KERNEL || !(why.contains("unknown device type") || why.contains("not supported"))) {
        throw new MeshBackendException(kernel.describeFailure(command));
      }
      log.atDebug().addKeyValue("reason", kernel.stderr().strip()).log("the kernel has no WireGuard");
    }
    List<String> command = List.of("wireguard-go", name);
    CommandResult userspace;
    try {
      userspace = runner.run(command, null);
    } catch (MeshBackendException e) {
      throw new MeshBackendException("the kernel has no WireGuard and " + e.getMessage() + " (install wireguard-go)", e);
    }
    if (userspace.exitCode() != 0) {
      throw new MeshBackendException("the kernel has no WireGuard and " + userspace.describeFailure(command)
          + " (is wireguard-go installed?)");
    }
    chosen(Implementation.WIREGUARD_GO);
    return created();
  }

  private void chosen(Implementation chosen) {
    if (implementation == null) {
      log.atInfo().addKeyValue("interface", name).log(chosen == Implementation.KERNEL
          ? "the mesh uses the kernel's WireGuard" : "the kernel has no WireGuard; the mesh uses wireguard-go");
    }
    implementation = chosen;
  }

  private IpJson.Link created() {
    return link().orElseThrow(() -> new MeshBackendException(name + " was created but does not exist"));
  }

  private void syncconf(WireGuardConfig config, HostKey key) {
    Path file = PrivateFiles.temporaryBeside(workDirectory.resolve(name + ".conf"));
    try {
      PrivateFiles.directory(workDirectory);
      PrivateFiles.writeNew(file, WgConfigFile.render(config, key).getBytes(StandardCharsets.UTF_8));
      List<String> command = List.of("wg", "syncconf", name, file.toString());
      CommandResult result = runner.run(command, null);
      if (result.exitCode() != 0) {
        throw new MeshBackendException(result.describeFailure(command).replace(key.privateKey(), "<private key>"));
      }
    } catch (IOException e) {
      throw new MeshBackendException("cannot write the WireGuard configuration to " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.atWarn().addKeyValue("file", file).addKeyValue("reason", e.getMessage())
            .log("cannot remove the file that held the mesh key for wg; remove it by hand");
      }
    }
  }

  /** Adds the networks' routes through the interface and takes away the interface's main-table routes that are not a network. */
  private void syncRoutes(List<IpPrefix> networks) {
    List<IpPrefix> present = new ArrayList<>();
    for (Route route : routes()) {
      if (name.equals(route.device()) && route.table() == null && route.type() == null) {
        present.add(route.destination());
      }
    }
    for (IpPrefix network : networks) {
      if (!present.contains(network)) {
        ip("route", "replace", network.toString(), "dev", name);
      }
    }
    for (IpPrefix route : present) {
      // The kernel's own IPv6 link-local route comes with every interface; it is not ours to remove.
      if (!networks.contains(route) && !route.overlaps(LINK_LOCAL_V6)) {
        ip("route", "del", route.toString(), "dev", name);
      }
    }
  }

  private List<Route> routes() {
    try {
      return IpJson.routes(runner.check(List.of("ip", "-j", "route", "show", "table", "all")));
    } catch (IllegalArgumentException e) {
      throw new MeshBackendException("cannot read the host's routes: " + e.getMessage(), e);
    }
  }

  private void ip(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("ip");
    command.addAll(List.of(arguments));
    runner.check(command);
  }
}
