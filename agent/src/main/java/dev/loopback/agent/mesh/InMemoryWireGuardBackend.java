package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An interface that exists only in memory, for tests of the code around the backend. It records every
 * configuration applied, and can be told to refuse the next apply, to misreport what it applied (so
 * that verification fails), or to have its peers answer probes with a handshake.
 */
public final class InMemoryWireGuardBackend implements WireGuardBackend {
  private final String name;
  private final Clock clock;
  private final List<WireGuardConfig> applied = new ArrayList<>();
  private final Map<String, Instant> handshakes = new HashMap<>();
  private final Set<String> silent = new HashSet<>();
  private List<Route> underlay = List.of();
  private WireGuardConfig current;
  private HostKey key;
  private int index;
  private int nextIndex = 7;
  private int removals;
  private String refuseNextApply;
  private boolean reportDown;
  private boolean peersAnswer = true;

  public InMemoryWireGuardBackend(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  @Override
  public String interfaceName() {
    return name;
  }

  @Override
  public synchronized void apply(WireGuardConfig config, HostKey key) {
    if (refuseNextApply != null) {
      String reason = refuseNextApply;
      refuseNextApply = null;
      throw new MeshBackendException(reason);
    }
    if (current == null) {
      index = nextIndex++;
    }
    applied.add(config);
    current = config;
    this.key = key;
  }

  @Override
  public synchronized Optional<InterfaceState> read() {
    if (current == null) {
      return Optional.empty();
    }
    List<InterfaceState.Peer> peers = new ArrayList<>();
    for (WireGuardPeer peer : current.peers()) {
      peers.add(new InterfaceState.Peer(peer.publicKey(), peer.endpoint(),
          peer.allowedIps().stream().map(ip -> IpPrefix.parse(ip, true)).toList(), handshakes.get(peer.publicKey()), 0,
          peer.persistentKeepaliveSeconds()));
    }
    return Optional.of(new InterfaceState(index, !reportDown, current.mtu() == 0 ? MeshConfigValidator.DEFAULT_MTU : current.mtu(),
        key.publicKey(), current.listenPort(), current.addresses().stream().map(a -> IpPrefix.parse(a, false)).toList(), peers));
  }

  @Override
  public synchronized void remove() {
    if (current != null) {
      removals++;
    }
    current = null;
    handshakes.clear();
  }

  @Override
  public synchronized List<Route> underlayRoutes() {
    return underlay;
  }

  /** A probe to a peer's address is answered with a handshake now, when peers answer. */
  @Override
  public synchronized void probe(InetAddress overlayAddress) {
    if (!peersAnswer || current == null) {
      return;
    }
    IpPrefix target = IpPrefix.host(overlayAddress);
    for (WireGuardPeer peer : current.peers()) {
      if (!silent.contains(peer.publicKey()) && peer.allowedIps().stream().anyMatch(ip -> IpPrefix.parse(ip, true).equals(target))) {
        handshakes.put(peer.publicKey(), clock.instant().truncatedTo(ChronoUnit.SECONDS));
      }
    }
  }

  /** The host's underlay routes, as {@code dev cidr} pairs: {@code underlay("eth0", "10.0.0.0/24")}. */
  public synchronized void underlay(String device, String... destinations) {
    List<Route> routes = new ArrayList<>();
    for (String destination : destinations) {
      routes.add(new Route(IpPrefix.parse(destination, true), device, null, null));
    }
    underlay = List.copyOf(routes);
  }

  /** The next {@link #apply} throws with {@code reason}. */
  public synchronized void refuseNextApply(String reason) {
    refuseNextApply = reason;
  }

  /** From now on the interface reads back as down, whatever was applied: verification fails. */
  public synchronized void reportDown(boolean down) {
    reportDown = down;
  }

  /** Whether peers answer probes at all. */
  public synchronized void peersAnswer(boolean answer) {
    peersAnswer = answer;
  }

  /** The peer with {@code publicKey} never answers a probe, as if it were down. */
  public synchronized void silence(String publicKey) {
    silent.add(publicKey);
  }

  /** Every configuration applied, oldest first, including the ones verification then rejected. */
  public synchronized List<WireGuardConfig> applied() {
    return List.copyOf(applied);
  }

  /** The configuration the interface has now; empty when there is no interface. */
  public synchronized Optional<WireGuardConfig> current() {
    return Optional.ofNullable(current);
  }

  /** How many times the interface was removed. */
  public synchronized int removals() {
    return removals;
  }
}
