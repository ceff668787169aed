package dev.loopback.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshDelta;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real backend on two hosts that are network namespaces joined by a veth pair (underlay
 * 192.168.250.1/30 ↔ .2), with overlay 10.250.0.0/24: A is 10.250.0.1, B is 10.250.0.2. Each host's
 * commands go through {@code ip netns exec <ns>}; WireGuard is the kernel's or wireguard-go, whichever
 * this machine has. The tests run in order, each starting from the mesh the one before left.
 *
 * <p>Names carry a random suffix: other tests may run namespaces on this machine at the same time,
 * and wireguard-go's control sockets ({@code /var/run/wireguard/<interface>.sock}) are shared by all
 * namespaces, so the two hosts' interfaces need different names too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WireGuardMeshIT {
  private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
  private static final Host A = new Host("lbwg-a-" + SUFFIX, "lbma" + SUFFIX, "192.168.250.1", "10.250.0.1");
  private static final Host B = new Host("lbwg-b-" + SUFFIX, "lbmb" + SUFFIX, "192.168.250.2", "10.250.0.2");
  private static final String FAKE_PEER = HostKey.generate().publicKey();
  private static final long VERIFY_MILLIS = 15_000;
  private static final String MISSING = missing();
  private static List<String> ping;
  private static boolean namespacesMade;
  @TempDir
  static Path state;

  /** Why this machine cannot run the tests, or null when it can. */
  private static String missing() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "needs root for network namespaces and WireGuard (CI runs as root)";
    } else if (!WireGuardKeysTest.onPath("ip")) {
      return "needs iproute2 (ip)";
    } else if (!WireGuardKeysTest.onPath("wg")) {
      return "needs wireguard-tools (wg)";
    } else if (!WireGuardKeysTest.onPath("bash")) {
      return "needs bash (the backend's handshake probe)";
    } else if (!Files.isDirectory(Path.of("/sys/module/wireguard")) && !WireGuardKeysTest.onPath("wireguard-go")) {
      return "needs WireGuard: the kernel module or wireguard-go";
    } else if (!WireGuardKeysTest.onPath("ping") && !WireGuardKeysTest.onPath("busybox")) {
      return "needs ping (iputils-ping) or busybox to check the overlay";
    }
    return null;
  }

  @BeforeAll
  static void makeTwoHosts() {
    if (MISSING != null) {
      return;
    }
    ping = WireGuardKeysTest.onPath("ping") ? List.of("ping") : List.of("busybox", "ping");
    namespacesMade = true;
    host("ip", "netns", "add", A.namespace);
    host("ip", "netns", "add", B.namespace);
    host("ip", "link", "add", "veth-a", "netns", A.namespace, "type", "veth", "peer", "name", "veth-b", "netns", B.namespace);
    for (Host host : List.of(A, B)) {
      String veth = host == A ? "veth-a" : "veth-b";
      host.check("ip", "address", "add", host.underlay + "/30", "dev", veth);
      host.check("ip", "link", "set", "dev", veth, "up");
      host.check("ip", "link", "set", "dev", "lo", "up");
      host.start(state.resolve(host.namespace));
    }
  }

  /** Per test rather than in {@link #makeTwoHosts}, so that the report shows every test skipped with the reason. */
  @BeforeEach
  void needsThisMachine() {
    assumeTrue(MISSING == null, MISSING);
  }

  @AfterAll
  static void removeTheHosts() {
    if (!namespacesMade) {
      return;
    }
    for (Host host : List.of(A, B)) {
      // wireguard-go exits by itself once its interface is gone.
      host.runner.run(List.of("ip", "link", "del", "dev", host.interfaceName), null);
      new ProcessCommandRunner().run(List.of("ip", "netns", "del", host.namespace), null);
    }
  }

  @Test
  @Order(1)
  void twoHostsReachEachOtherOverTheMeshOnceApplied() {
    assertThat(B.applier.apply(request(1, B.config(peer(A, 0)), 0)).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);

    MeshApplyResponse response = A.applier.apply(request(1, A.config(peer(B, 0)), VERIFY_MILLIS));

    assertThat(response).isEqualTo(new MeshApplyResponse(1, MeshApplyOutcome.APPLIED, null, 1));
    assertThat(A.state().peers()).singleElement().extracting(InterfaceState.Peer::latestHandshake)
        .as("verification waited for a handshake").isNotNull();
    assertThat(A.pings(B)).as("A pings B's overlay address").isTrue();
    assertThat(B.pings(A)).as("B pings A's overlay address").isTrue();
  }

  @Test
  @Order(2)
  void appliesASecondRevisionLiveWithoutRecreatingTheInterface() {
    int index = A.state().index();

    MeshApplyResponse response = A.applier.apply(request(2, A.config(peer(B, 5),
        new WireGuardPeer(FAKE_PEER, B.underlay + ":51999", List.of("10.250.0.3/32"), 0)), VERIFY_MILLIS));

    assertThat(response).isEqualTo(new MeshApplyResponse(2, MeshApplyOutcome.APPLIED, null, 2));
    InterfaceState state = A.state();
    assertThat(state.index()).as("same ifindex: not re-created").isEqualTo(index);
    assertThat(state.peers()).extracting(InterfaceState.Peer::publicKey, InterfaceState.Peer::persistentKeepaliveSeconds)
        .containsExactlyInAnyOrder(tuple(B.key.publicKey(), 5), tuple(FAKE_PEER, 0));
    assertThat(A.pings(B)).isTrue();
  }

  @Test
  @Order(3)
  void rollsBackARevisionWhosePeersNeverAnswer() {
    int index = A.state().index();
    // B's address and endpoint under a key B does not hold: B cannot decrypt a single handshake.
    WireGuardPeer impostor = new WireGuardPeer(HostKey.generate().publicKey(), B.underlay + ":51820", List.of(B.overlay + "/32"), 0);

    MeshApplyResponse response = A.applier.apply(request(3, A.config(impostor), 4_000));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.ROLLED_BACK);
    assertThat(response.reason()).contains("none of the sampled peers");
    assertThat(response.activeRevision()).isEqualTo(2);
    InterfaceState state = A.state();
    assertThat(state.index()).isEqualTo(index);
    assertThat(state.peers()).extracting(InterfaceState.Peer::publicKey).containsExactlyInAnyOrder(B.key.publicKey(), FAKE_PEER);
    assertThat(A.pings(B)).as("revision 2 carries traffic again").isTrue();
  }

  @Test
  @Order(4)
  void refusesAnAddressOutsideItsNetworksAndChangesNothing() {
    InterfaceState before = A.state();
    MeshConfigs config = new MeshConfigs(A.key);
    config.addresses.set(0, "10.251.0.1/24");
    config.networks.set(0, "10.250.0.0/24");
    config.peers.add(peer(B, 0));

    MeshApplyResponse response = A.applier.apply(request(4, config.build(), VERIFY_MILLIS));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
    assertThat(response.reason()).startsWith("addresses[0]: 10.251.0.1/24 lies outside every network");
    assertThat(response.activeRevision()).isEqualTo(2);
    assertThat(withoutCounters(A.state())).isEqualTo(withoutCounters(before));
  }

  @Test
  @Order(5)
  void refusesANetworkThatOverlapsTheUnderlay() {
    MeshConfigs config = new MeshConfigs(A.key);
    config.addresses.set(0, "192.168.250.9/24");
    config.networks.set(0, "192.168.250.0/24");

    MeshApplyResponse response = A.applier.apply(request(5, config.build(), 0));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
    assertThat(response.reason()).startsWith("networks[0]: 192.168.250.0/24 overlaps the host's route 192.168.250.0/30 dev veth-a");
  }

  /** A reboot, as far as the mesh can tell: the interface is gone, and a new agent with a new backend starts. */
  @Test
  @Order(6)
  void aRestartedAgentPutsTheLastKnownGoodBackAfterTheInterfaceWentAway() {
    int before = A.state().index();
    A.check("ip", "link", "del", "dev", A.interfaceName);
    A.start(state.resolve(A.namespace));

    A.applier.restoreLastKnownGood();

    assertThat(A.applier.activeRevision()).isEqualTo(2);
    assertThat(A.state().index()).as("a new interface").isNotEqualTo(before);
    assertThat(A.state().peers()).extracting(InterfaceState.Peer::publicKey).containsExactlyInAnyOrder(B.key.publicKey(), FAKE_PEER);
    assertThat(A.pings(B)).isTrue();
  }

  /** Both hosts on a new full revision, then one of them on a delta from it: a peer added, one removed, one changed. */
  @Test
  @Order(7)
  void appliesADeltaLiveOnTopOfTheFullRevision() {
    WireGuardPeer leaving = new WireGuardPeer(FAKE_PEER, B.underlay + ":51999", List.of("10.250.0.3/32"), 0);
    WireGuardConfig base = A.config(peer(B, 0), leaving);
    assertThat(B.applier.apply(request(7, B.config(peer(A, 0)), 0)).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
    assertThat(A.applier.apply(request(7, base, VERIFY_MILLIS)).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
    int index = A.state().index();
    WireGuardPeer joining = new WireGuardPeer(HostKey.generate().publicKey(), B.underlay + ":51998", List.of("10.250.0.4/32"), 0);
    WireGuardConfig target = A.config(peer(B, 7), joining);
    MeshDelta delta = new MeshDelta(7, MeshHash.text(base), List.of(joining, peer(B, 7)), List.of(FAKE_PEER));

    MeshApplyResponse response = A.applier.apply(MeshApplyRequest.delta(8, MeshHash.text(target), delta, VERIFY_MILLIS));

    assertThat(response).isEqualTo(new MeshApplyResponse(8, MeshApplyOutcome.APPLIED, null, 8));
    InterfaceState live = A.state();
    assertThat(live.index()).as("same ifindex: not re-created").isEqualTo(index);
    assertThat(live.peers()).extracting(InterfaceState.Peer::publicKey, InterfaceState.Peer::persistentKeepaliveSeconds)
        .containsExactlyInAnyOrder(tuple(B.key.publicKey(), 7), tuple(joining.publicKey(), 0));
    assertThat(live.peers()).filteredOn(peer -> peer.publicKey().equals(B.key.publicKey()))
        .singleElement().extracting(InterfaceState.Peer::latestHandshake).isNotNull();
    assertThat(A.pings(B)).as("A pings B's overlay address").isTrue();
    assertThat(B.pings(A)).as("B pings A's overlay address").isTrue();
    LastKnownGood stored = new LastKnownGoodStore(state.resolve(A.namespace)).load().orElseThrow();
    assertThat(stored.revision()).isEqualTo(8);
    assertThat(MeshHash.text(stored.config())).isEqualTo(stored.hash()).isEqualTo(MeshHash.text(target));
  }

  @Test
  @Order(8)
  void refusesADeltaFromABaseItNoLongerHasAndChangesNothing() {
    InterfaceState before = A.state();
    WireGuardConfig staleBase = A.config(peer(B, 0));
    MeshDelta delta = new MeshDelta(7, MeshHash.text(staleBase), List.of(), List.of());

    MeshApplyResponse response = A.applier.apply(MeshApplyRequest.delta(9, MeshHash.text(staleBase), delta, VERIFY_MILLIS));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
    assertThat(response.reason()).startsWith(MeshApplyRequest.BASE_MISMATCH).contains("this host has revision 8");
    assertThat(response.activeRevision()).isEqualTo(8);
    assertThat(withoutCounters(A.state())).isEqualTo(withoutCounters(before));
    assertThat(A.pings(B)).isTrue();
  }

  /** The control plane took A out of its last network: its interface goes, and stays gone after a restart. */
  @Test
  @Order(9)
  void anEmptyRevisionRemovesTheInterfaceAndAFullOneBringsItBack() {
    WireGuardConfig empty = new WireGuardConfig(A.key.publicKey(), 51820, 1420, List.of(), List.of(), List.of());

    assertThat(A.applier.apply(request(10, empty, VERIFY_MILLIS)))
        .isEqualTo(new MeshApplyResponse(10, MeshApplyOutcome.APPLIED, null, 10));
    assertThat(A.backend.read()).isEmpty();
    A.start(state.resolve(A.namespace));
    A.applier.restoreLastKnownGood();
    assertThat(A.backend.read()).as("a restart does not bring the old mesh back").isEmpty();
    assertThat(A.applier.activeRevision()).isEqualTo(10);

    assertThat(A.applier.apply(request(11, A.config(peer(B, 0)), VERIFY_MILLIS)).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
    assertThat(A.pings(B)).isTrue();
  }

  private static WireGuardPeer peer(Host host, int keepalive) {
    return new WireGuardPeer(host.key.publicKey(), host.underlay + ":51820", List.of(host.overlay + "/32"), keepalive);
  }

  private static MeshApplyRequest request(long revision, WireGuardConfig config, long verifyTimeoutMillis) {
    return MeshApplyRequest.full(revision, MeshHash.text(config), config, verifyTimeoutMillis);
  }

  /** The state without what traffic changes, peers in key order (wireguard-go lists them in no particular order). */
  private static InterfaceState withoutCounters(InterfaceState state) {
    return new InterfaceState(state.index(), state.up(), state.mtu(), state.publicKey(), state.listenPort(), state.addresses(),
        state.peers().stream().sorted(Comparator.comparing(InterfaceState.Peer::publicKey))
            .map(p -> new InterfaceState.Peer(p.publicKey(), p.endpoint(), p.allowedIps(), null, 0, p.persistentKeepaliveSeconds()))
            .toList());
  }

  private static void host(String... command) {
    CommandResult result = new ProcessCommandRunner().run(List.of(command), null);
    assertThat(result.exitCode()).as(result.describeFailure(List.of(command))).isZero();
  }

  /** One host: a namespace, its interface, its key, and a real backend and applier driving it through {@code ip netns exec}. */
  private static final class Host {
    final String namespace;
    final String interfaceName;
    final String underlay;
    final String overlay;
    final HostKey key = HostKey.generate();
    final ProcessCommandRunner runner;
    WgToolsBackend backend;
    MeshApplier applier;

    Host(String namespace, String interfaceName, String underlay, String overlay) {
      this.namespace = namespace;
      this.interfaceName = interfaceName;
      this.underlay = underlay;
      this.overlay = overlay;
      this.runner = new ProcessCommandRunner(List.of("ip", "netns", "exec", namespace), Duration.ofSeconds(30));
    }

    void start(Path directory) {
      backend = new WgToolsBackend(runner, interfaceName, directory);
      applier = new MeshApplier(backend, key, new LastKnownGoodStore(directory), Clock.systemUTC(), Pause.SLEEP);
    }

    WireGuardConfig config(WireGuardPeer... peers) {
      return new WireGuardConfig(key.publicKey(), 51820, 0, List.of(overlay + "/24"), List.of("10.250.0.0/24"),
          new ArrayList<>(List.of(peers)));
    }

    InterfaceState state() {
      return backend.read().orElseThrow();
    }

    boolean pings(Host other) {
      List<String> command = new ArrayList<>(ping);
      command.addAll(List.of("-c1", "-W2", other.overlay));
      return runner.run(command, null).exitCode() == 0;
    }

    void check(String... command) {
      runner.check(List.of(command));
    }
  }
}
