package dev.loopback.activities.mesh.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.protocol.messages.MeshDelta;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The incremental plan must always agree with compiling from scratch: random rounds of joins,
 * leaves, key and endpoint changes, bridges and settings over three networks, and after every round
 * every host's planned hash equals the hash of its full configuration, and the delta from its
 * previous revision turns the previous configuration into exactly the new one.
 */
class MeshRoundTest {
  private final MeshWorld world = new MeshWorld();

  @Test
  void aJoinChangesEveryMemberByOnePeerAndGivesTheNewHostTheRest() {
    UUID net = world.network("10.90.0.0/24", 1380, 25);
    List<UUID> hosts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      hosts.add(world.join(net, world.host()));
    }
    world.round(net);
    UUID newcomer = world.join(net, world.host());
    List<MeshRound.Next> next = world.round(net);

    assertThat(next).hasSize(6);
    assertThat(next).filteredOn(MeshRound.Next::full).extracting(MeshRound.Next::hostId).containsExactly(newcomer);
    WireGuardConfig config = world.config(hosts.get(0));
    assertThat(config.peers()).hasSize(5);
    assertThat(config.addresses()).containsExactly("10.90.0.1/24");
    assertThat(config.networks()).containsExactly("10.90.0.0/24");
    assertThat(config.peers()).allSatisfy(peer -> {
      assertThat(peer.allowedIps()).hasSize(1).allMatch(ip -> ip.endsWith("/32"));
      assertThat(peer.persistentKeepaliveSeconds()).isEqualTo(25);
    });
    MeshDelta delta = world.lastDelta(hosts.get(0)).orElseThrow();
    assertThat(delta.upserts()).extracting(WireGuardPeer::publicKey).containsExactly(world.key(newcomer));
    assertThat(delta.removals()).isEmpty();
    assertThat(world.lastDelta(newcomer)).isEmpty();
  }

  @Test
  void aBridgeMakesBothNetworksPeersAndAHostInBothGetsOneEntryWithBothAddresses() {
    UUID a = world.network("10.90.0.0/24", 1380, 25);
    UUID b = world.network("10.91.0.0/24", 1420, 0);
    UUID onlyA = world.join(a, world.host());
    UUID both = world.join(a, world.host());
    world.join(b, both);
    UUID onlyB = world.join(b, world.host());
    world.round(a);
    world.round(b);
    assertThat(world.config(onlyA).peers()).extracting(WireGuardPeer::publicKey).containsExactly(world.key(both));

    world.bridge(a, b);
    world.round(a);
    world.round(b);

    assertThat(world.config(onlyA).peers()).extracting(WireGuardPeer::publicKey)
        .containsExactlyInAnyOrder(world.key(both), world.key(onlyB));
    WireGuardPeer bothSeenFromA = world.config(onlyA).peers().stream().filter(p -> p.publicKey().equals(world.key(both))).findFirst().orElseThrow();
    assertThat(bothSeenFromA.allowedIps()).containsExactlyInAnyOrder("10.90.0.2/32", "10.91.0.1/32");
    assertThat(world.config(onlyB).networks()).containsExactlyInAnyOrder("10.90.0.0/24", "10.91.0.0/24");
    WireGuardConfig bothConfig = world.config(both);
    assertThat(bothConfig.mtu()).isEqualTo(1380);
    assertThat(bothConfig.addresses()).containsExactlyInAnyOrder("10.90.0.2/24", "10.91.0.1/24");
    assertThat(bothConfig.peers()).allSatisfy(peer -> assertThat(peer.persistentKeepaliveSeconds()).isEqualTo(25));
  }

  @Test
  void aHostThatLeavesItsLastNetworkGetsAnEmptyConfiguration() {
    UUID net = world.network("10.90.0.0/24", 1380, 25);
    UUID stays = world.join(net, world.host());
    UUID leaves = world.join(net, world.host());
    world.round(net);
    world.leave(net, leaves);
    world.round(net);
    assertThat(world.config(leaves).addresses()).isEmpty();
    assertThat(world.config(leaves).peers()).isEmpty();
    assertThat(world.config(stays).peers()).isEmpty();
    assertThat(world.lastDelta(stays).orElseThrow().removals()).containsExactly(world.key(leaves));
  }

  @Test
  void anUnchangedNetworkPlansNothing() {
    UUID net = world.network("10.90.0.0/24", 1380, 25);
    world.join(net, world.host());
    world.join(net, world.host());
    assertThat(world.round(net)).hasSize(2);
    assertThat(world.round(net)).isEmpty();
  }

  @RepeatedTest(30)
  void randomRoundsAgreeWithCompilingFromScratch() {
    Random random = new Random();
    List<UUID> networks = List.of(world.network("10.90.0.0/24", 1380, 25), world.network("10.91.0.0/24", 1420, 0),
        world.network("10.92.0.0/24", 1300, 10));
    List<UUID> hosts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      hosts.add(world.host());
    }
    for (int round = 0; round < 25; round++) {
      UUID net = networks.get(random.nextInt(networks.size()));
      for (int change = random.nextInt(4); change >= 0; change--) {
        UUID host = hosts.get(random.nextInt(hosts.size()));
        switch (random.nextInt(8)) {
          case 0, 1, 2 -> world.join(net, host);
          case 3 -> world.leave(net, host);
          case 4 -> world.newKey(host);
          case 5 -> world.moveEndpoint(host);
          case 6 -> world.retune(net, List.of(1300, 1380, 1420).get(random.nextInt(3)), List.of(0, 10, 25).get(random.nextInt(3)));
          default -> world.toggleBridge(net, networks.get(random.nextInt(networks.size())));
        }
      }
      world.round(net);
      for (UUID host : hosts) {
        world.assertConsistent(host);
      }
    }
  }

  /** A tiny control plane: networks, members, identities, stored snapshots and host revisions, all in memory. */
  static final class MeshWorld {
    private final Random random = new Random();
    private final Map<UUID, NetworkSnapshot.Content> settings = new HashMap<>();
    private final Map<UUID, Map<UUID, String>> members = new HashMap<>();
    private final Map<UUID, Set<UUID>> bridges = new HashMap<>();
    private final Map<UUID, HostIdentity> identities = new HashMap<>();
    private final Map<UUID, String> endpoints = new HashMap<>();
    private final Map<UUID, List<NetworkSnapshot>> snapshots = new HashMap<>();
    private final Map<UUID, List<MeshRound.Current>> revisions = new HashMap<>();

    UUID network(String cidr, int mtu, int keepalive) {
      UUID id = UUID.randomUUID();
      settings.put(id, new NetworkSnapshot.Content(cidr, mtu, keepalive, List.of(), List.of()));
      members.put(id, new HashMap<>());
      bridges.put(id, new TreeSet<>());
      return id;
    }

    UUID host() {
      UUID id = UUID.randomUUID();
      newKey(id);
      moveEndpoint(id);
      return id;
    }

    void newKey(UUID host) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      identities.put(host, new HostIdentity(Base64.getEncoder().encodeToString(key), 51820));
    }

    void moveEndpoint(UUID host) {
      endpoints.put(host, "192.0.2." + (1 + random.nextInt(250)));
    }

    void retune(UUID network, int mtu, int keepalive) {
      NetworkSnapshot.Content old = settings.get(network);
      settings.put(network, new NetworkSnapshot.Content(old.cidr(), mtu, keepalive, List.of(), List.of()));
    }

    UUID join(UUID network, UUID host) {
      Map<UUID, String> taken = members.get(network);
      if (!taken.containsKey(host)) {
        String prefix = settings.get(network).cidr().substring(0, settings.get(network).cidr().lastIndexOf('.') + 1);
        for (int n = 1; ; n++) {
          if (!taken.containsValue(prefix + n)) {
            taken.put(host, prefix + n);
            break;
          }
        }
      }
      return host;
    }

    void leave(UUID network, UUID host) {
      members.get(network).remove(host);
    }

    void bridge(UUID a, UUID b) {
      if (!a.equals(b)) {
        bridges.get(a).add(b);
        bridges.get(b).add(a);
      }
    }

    void toggleBridge(UUID a, UUID b) {
      if (bridges.get(a).contains(b)) {
        bridges.get(a).remove(b);
        bridges.get(b).remove(a);
      } else {
        bridge(a, b);
      }
    }

    String key(UUID host) {
      return identities.get(host).publicKey();
    }

    /** What the planning activity does: a new snapshot if the network changed, then the plan for every affected host. */
    List<MeshRound.Next> round(UUID network) {
      NetworkSnapshot.Content base = settings.get(network);
      List<SnapshotMember> now = members.get(network).entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .map(e -> new SnapshotMember(e.getKey(), e.getValue(), key(e.getKey()), 51820, endpoints.get(e.getKey())))
          .toList();
      NetworkSnapshot.Content content = new NetworkSnapshot.Content(base.cidr(), base.mtu(), base.keepalive(),
          List.copyOf(bridges.get(network)), now);
      List<NetworkSnapshot> history = snapshots.computeIfAbsent(network, k -> new ArrayList<>());
      NetworkSnapshot previous = history.isEmpty() ? null : history.get(history.size() - 1);
      NetworkSnapshot after = previous != null && previous.content().equals(content) ? previous
          : new NetworkSnapshot(network, history.size() + 1, content);
      if (after != previous) {
        history.add(after);
      }
      Set<UUID> affected = new TreeSet<>();
      for (NetworkSnapshot snapshot : List.of(after, previous == null ? after : previous)) {
        snapshot.members().forEach(m -> affected.add(m.hostId()));
        for (UUID bridged : snapshot.content().bridges()) {
          NetworkSnapshot other = latest(bridged);
          if (other != null) {
            other.members().forEach(m -> affected.add(m.hostId()));
          }
        }
      }
      Map<UUID, MeshRound.Current> current = new HashMap<>();
      affected.forEach(host -> current(host).ifPresent(c -> current.put(host, c)));
      MeshRound plan = new MeshRound(after, this::latest, this::snapshot);
      List<MeshRound.Next> next = plan.plan(affected, current, identities);
      for (MeshRound.Next host : next) {
        List<MeshRound.Current> list = revisions.computeIfAbsent(host.hostId(), k -> new ArrayList<>());
        list.add(new MeshRound.Current(host.hostId(), list.size() + 1, host.hash(), host.composition()));
      }
      return next;
    }

    NetworkSnapshot latest(UUID network) {
      List<NetworkSnapshot> history = snapshots.get(network);
      return history == null || history.isEmpty() ? null : history.get(history.size() - 1);
    }

    NetworkSnapshot snapshot(UUID network, long revision) {
      return snapshots.get(network).get((int) revision - 1);
    }

    Optional<MeshRound.Current> current(UUID host) {
      List<MeshRound.Current> list = revisions.get(host);
      return list == null ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    WireGuardConfig config(UUID host) {
      return configOf(current(host).orElseThrow());
    }

    WireGuardConfig configOf(MeshRound.Current revision) {
      return view(revision.composition()).config(revision.hostId(), revision.composition().identity());
    }

    MeshView view(Composition composition) {
      return new MeshView(composition.networks().entrySet().stream().map(e -> snapshot(e.getKey(), e.getValue())).toList());
    }

    /** The delta from the host's previous revision to its current one, if it is a peers-only change. */
    Optional<MeshDelta> lastDelta(UUID host) {
      List<MeshRound.Current> list = revisions.get(host);
      if (list.size() < 2) {
        return Optional.empty();
      }
      MeshRound.Current from = list.get(list.size() - 2);
      MeshRound.Current to = list.get(list.size() - 1);
      return MeshDeltas.between(host, from.revision(), from.hash(), view(from.composition()), from.composition(),
          view(to.composition()), to.composition(),
          (network, a, b) -> SnapshotDiff.changedMembers(snapshot(network, a), snapshot(network, b)));
    }

    void assertConsistent(UUID host) {
      List<MeshRound.Current> list = revisions.get(host);
      if (list == null) {
        return;
      }
      MeshRound.Current now = list.get(list.size() - 1);
      WireGuardConfig config = configOf(now);
      assertThat(now.hash()).as("planned hash of %s revision %s", host, now.revision()).isEqualTo(MeshHash.text(config));
      Set<String> keys = config.peers().stream().map(WireGuardPeer::publicKey).collect(Collectors.toSet());
      assertThat(keys).as("one entry per remote host, never itself").hasSize(config.peers().size()).doesNotContain(now.composition().publicKey());
      if (list.size() >= 2) {
        lastDelta(host).ifPresent(delta -> assertThat(MeshHash.text(delta.applyTo(configOf(list.get(list.size() - 2)))))
            .as("delta of %s to revision %s", host, now.revision()).isEqualTo(now.hash()));
      }
    }
  }
}
