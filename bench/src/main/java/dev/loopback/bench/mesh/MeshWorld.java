package dev.loopback.bench.mesh;

import dev.loopback.activities.mesh.compile.Composition;
import dev.loopback.activities.mesh.compile.HostIdentity;
import dev.loopback.activities.mesh.compile.MeshRound;
import dev.loopback.activities.mesh.compile.MeshView;
import dev.loopback.activities.mesh.compile.NetworkSnapshot;
import dev.loopback.activities.mesh.compile.SnapshotMember;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A control plane's mesh state in memory — networks, members, identities, stored snapshots and each
 * host's current revision — driving the real compiler the way the planning activity does (the
 * pattern of {@code MeshRoundTest}'s world, sized for tens of thousands of hosts). Addresses are
 * handed out in order from a /16, so members are already sorted by address.
 */
final class MeshWorld {
  static final int LISTEN_PORT = 51820;
  private final Random random;
  private final Map<UUID, HostIdentity> identities = new HashMap<>();
  private final Map<UUID, String> endpoints = new HashMap<>();
  private final Map<UUID, Network> networks = new HashMap<>();
  private final Map<UUID, List<NetworkSnapshot>> snapshots = new HashMap<>();
  private final Map<UUID, MeshRound.Current> current = new HashMap<>();

  private static final class Network {
    final String prefix;
    final Map<UUID, String> members = new LinkedHashMap<>();
    final TreeSet<UUID> bridges = new TreeSet<>();

    Network(String prefix) {
      this.prefix = prefix;
    }
  }

  MeshWorld(long seed) {
    this.random = new Random(seed);
  }

  /** A network 10.{@code secondOctet}.0.0/16, MTU 1420, keepalive 25 s. */
  UUID network(int secondOctet) {
    UUID id = new UUID(random.nextLong(), random.nextLong());
    networks.put(id, new Network("10." + secondOctet + "."));
    return id;
  }

  /** A host with a random 32-byte key (base64, as {@code wg pubkey} prints) and an underlay address. */
  UUID host() {
    UUID id = new UUID(random.nextLong(), random.nextLong());
    byte[] key = new byte[32];
    random.nextBytes(key);
    identities.put(id, new HostIdentity(Base64.getEncoder().encodeToString(key), LISTEN_PORT));
    endpoints.put(id, "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
    return id;
  }

  UUID join(UUID network, UUID host) {
    Network net = networks.get(network);
    int n = net.members.size();
    net.members.put(host, net.prefix + (n / 254) + "." + (n % 254 + 1));
    return host;
  }

  void bridge(UUID a, UUID b) {
    networks.get(a).bridges.add(b);
    networks.get(b).bridges.add(a);
  }

  List<UUID> members(UUID network) {
    return new ArrayList<>(networks.get(network).members.keySet());
  }

  /** Stores the network as it is now as its next snapshot. */
  NetworkSnapshot snapshot(UUID network) {
    Network net = networks.get(network);
    List<SnapshotMember> members = new ArrayList<>(net.members.size());
    net.members.forEach((host, address) -> members.add(new SnapshotMember(host, address, identities.get(host).publicKey(),
        LISTEN_PORT, endpoints.get(host))));
    List<NetworkSnapshot> history = snapshots.computeIfAbsent(network, k -> new ArrayList<>());
    NetworkSnapshot snapshot = new NetworkSnapshot(network, history.size() + 1,
        new NetworkSnapshot.Content(net.prefix + "0.0/16", 1420, 25, List.copyOf(net.bridges), members));
    history.add(snapshot);
    return snapshot;
  }

  /** Plans a round of {@code after}'s network for {@code hosts}; changes nothing, so it can be timed again and again. */
  List<MeshRound.Next> plan(NetworkSnapshot after, Collection<UUID> hosts) {
    return new MeshRound(after, this::latest, this::stored).plan(hosts, current, identities);
  }

  /** Makes the planned revisions the hosts' current ones, as storing them does. */
  void commit(List<MeshRound.Next> next) {
    for (MeshRound.Next host : next) {
      current.put(host.hostId(), new MeshRound.Current(host.hostId(), host.previousRevision() + 1, host.hash(), host.composition()));
    }
  }

  MeshRound.Current current(UUID host) {
    return current.get(host);
  }

  HostIdentity identity(UUID host) {
    return identities.get(host);
  }

  NetworkSnapshot latest(UUID network) {
    List<NetworkSnapshot> history = snapshots.get(network);
    return history == null || history.isEmpty() ? null : history.get(history.size() - 1);
  }

  NetworkSnapshot stored(UUID network, long revision) {
    return snapshots.get(network).get((int) revision - 1);
  }

  /** A host revision's view, built as the control plane builds it for each request. */
  MeshView view(Composition composition) {
    return new MeshView(composition.networks().entrySet().stream().map(e -> stored(e.getKey(), e.getValue())).toList());
  }
}
