package dev.loopback.activities.mesh.compile;

import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compiles hosts' WireGuard configurations from a set of network snapshots (the seed's rules):
 * a host is on one interface with one address per network it is in; its peers are every other host
 * of those networks and of networks bridged to them, one entry per remote host, with AllowedIPs the
 * union of that host's /32s in the networks both see. MTU is the smallest of the host's networks';
 * keepalive the smallest non-zero one (0 if all are 0).
 *
 * <p>Entries are computed once per {@link ViewKey} and reused by every host with that key, so the
 * hashes of all N members of a network cost O(N), and a config O(N) when it is asked for.
 */
public final class MeshView {
  /** The MTU of an empty configuration, which has no interface; any valid value would do. */
  static final int EMPTY_MTU = 1420;
  private final Map<UUID, NetworkSnapshot> networks = new TreeMap<>();
  private final Map<ViewKey, PeerTable> tables = new HashMap<>();

  public MeshView(Collection<NetworkSnapshot> snapshots) {
    snapshots.forEach(snapshot -> networks.put(snapshot.networkId(), snapshot));
  }

  public Collection<NetworkSnapshot> snapshots() {
    return networks.values();
  }

  public NetworkSnapshot network(UUID networkId) {
    return networks.get(networkId);
  }

  /** The networks the host is a member of, by id. */
  public List<NetworkSnapshot> own(UUID host) {
    List<NetworkSnapshot> own = new ArrayList<>(2);
    for (NetworkSnapshot network : networks.values()) {
      if (network.member(host) != null) {
        own.add(network);
      }
    }
    return own;
  }

  /** The host's own networks and those bridged to them (a bridge stored on either side counts). */
  public SortedSet<UUID> visible(UUID host) {
    return visible(own(host));
  }

  private SortedSet<UUID> visible(List<NetworkSnapshot> own) {
    SortedSet<UUID> visible = new TreeSet<>();
    for (NetworkSnapshot network : own) {
      visible.add(network.networkId());
      for (NetworkSnapshot other : networks.values()) {
        if (network.bridgesTo(other.networkId()) || other.bridgesTo(network.networkId())) {
          visible.add(other.networkId());
        }
      }
    }
    return visible;
  }

  ViewKey key(UUID host) {
    List<NetworkSnapshot> own = own(host);
    return new ViewKey(visible(own), keepalive(own));
  }

  /** The configuration without peers: key, port, MTU, own addresses, every visible CIDR. */
  public WireGuardConfig interfaceOf(UUID host, HostIdentity identity) {
    List<NetworkSnapshot> own = own(host);
    if (own.isEmpty()) {
      return new WireGuardConfig(identity.publicKey(), identity.listenPort(), EMPTY_MTU, List.of(), List.of(), List.of());
    }
    int mtu = Integer.MAX_VALUE;
    List<String> addresses = new ArrayList<>();
    for (NetworkSnapshot network : own) {
      mtu = Math.min(mtu, network.content().mtu());
      addresses.add(network.member(host).address() + "/" + network.prefixLength());
    }
    List<String> cidrs = new ArrayList<>();
    for (UUID id : visible(own)) {
      cidrs.add(networks.get(id).content().cidr());
    }
    return new WireGuardConfig(identity.publicKey(), identity.listenPort(), mtu, addresses, cidrs, List.of());
  }

  public WireGuardConfig config(UUID host, HostIdentity identity) {
    WireGuardConfig bare = interfaceOf(host, identity);
    if (bare.addresses().isEmpty()) {
      return bare;
    }
    List<WireGuardPeer> peers = new ArrayList<>();
    table(key(host)).entries.forEach((peer, entry) -> {
      if (!peer.equals(host)) {
        peers.add(entry.peer);
      }
    });
    return new WireGuardConfig(bare.publicKey(), bare.listenPort(), bare.mtu(), bare.addresses(), bare.networks(), peers);
  }

  /** The same as {@code MeshHash.of(config(host, identity))}, in O(1) once the host's key has its table. */
  public MeshHash hash(UUID host, HostIdentity identity) {
    WireGuardConfig bare = interfaceOf(host, identity);
    MeshHash hash = MeshHash.empty().plusInterface(bare);
    if (bare.addresses().isEmpty()) {
      return hash;
    }
    PeerTable table = table(key(host));
    Entry self = table.entries.get(host);
    return hash.plus(self == null ? table.sum : table.sum.subtract(self.digest));
  }

  /** The entry the host with {@code key} has for {@code peer}; null if it has none. */
  WireGuardPeer entry(ViewKey key, UUID peer) {
    List<String> allowed = new ArrayList<>(1);
    SnapshotMember keyed = null;
    for (UUID id : key.visible()) {
      SnapshotMember member = networks.get(id).member(peer);
      if (member != null) {
        allowed.add(member.address() + "/32");
        if (keyed == null && member.hasKey()) {
          keyed = member;
        }
      }
    }
    return keyed == null ? null : new WireGuardPeer(keyed.publicKey(), keyed.endpoint(), allowed, key.keepalive());
  }

  /** The sum of the digests of the entries that a host with {@code key} has for these peers. */
  BigInteger digests(ViewKey key, Collection<UUID> peers) {
    BigInteger sum = BigInteger.ZERO;
    for (UUID peer : peers) {
      WireGuardPeer entry = entry(key, peer);
      if (entry != null) {
        sum = sum.add(MeshHash.digest(entry));
      }
    }
    return sum;
  }

  private PeerTable table(ViewKey key) {
    return tables.computeIfAbsent(key, this::build);
  }

  private PeerTable build(ViewKey key) {
    PeerTable table = new PeerTable();
    for (UUID id : key.visible()) {
      for (SnapshotMember member : networks.get(id).members()) {
        if (!table.entries.containsKey(member.hostId())) {
          WireGuardPeer peer = entry(key, member.hostId());
          if (peer != null) {
            BigInteger digest = MeshHash.digest(peer);
            table.entries.put(member.hostId(), new Entry(peer, digest));
            table.sum = table.sum.add(digest);
          }
        }
      }
    }
    return table;
  }

  static int keepalive(List<NetworkSnapshot> own) {
    int keepalive = 0;
    for (NetworkSnapshot network : own) {
      int seconds = network.content().keepalive();
      if (seconds > 0 && (keepalive == 0 || seconds < keepalive)) {
        keepalive = seconds;
      }
    }
    return keepalive;
  }

  private record Entry(WireGuardPeer peer, BigInteger digest) {
  }

  private static final class PeerTable {
    final Map<UUID, Entry> entries = new LinkedHashMap<>();
    BigInteger sum = BigInteger.ZERO;
  }
}
