package dev.loopback.activities.mesh.compile;

import dev.loopback.protocol.messages.MeshHash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Plans one apply round of one network: given the network's new snapshot and each affected host's
 * current revision, the next revision of every host whose configuration changes.
 *
 * <p>The delta rule: only the snapshot of this network changes, so a host's entries change only for
 * the members that changed ({@link SnapshotDiff}). Unless the host itself changed (joined, left, new
 * address or key) or what it sees did (bridges, settings), its new hash is its old one minus the old
 * entries of those members plus the new ones — O(1) per host for one join, computed once per
 * {@link ViewKey}. A join to a network of N hosts costs O(N) in all, not O(N²).
 */
public final class MeshRound {
  /** A host's current (desired) revision; {@code revision} 0 and null hash and composition: none yet. */
  public record Current(UUID hostId, long revision, String hash, Composition composition) {
  }

  /** A host's next revision. */
  public record Next(UUID hostId, long previousRevision, String hash, Composition composition, boolean full) {
  }

  private final UUID networkId;
  private final NetworkSnapshot after;
  private final Function<UUID, NetworkSnapshot> latest;
  private final SnapshotSource snapshots;

  /** Snapshots by network and revision (stored ones; a cache in front of PostgreSQL in production). */
  public interface SnapshotSource {
    NetworkSnapshot get(UUID networkId, long revision);
  }

  /**
   * @param after the network's new snapshot ({@link NetworkSnapshot.Content#deleted()} content when it is gone)
   * @param latest the newest stored snapshot of other networks (bridged ones the hosts do not see yet)
   */
  public MeshRound(NetworkSnapshot after, Function<UUID, NetworkSnapshot> latest, SnapshotSource snapshots) {
    this.networkId = after.networkId();
    this.after = after;
    this.latest = latest;
    this.snapshots = snapshots;
  }

  /**
   * @param current every affected host's current revision (absent: none yet)
   * @param identities hosts' reported keys; a host without one is skipped (its agent has not said it yet)
   */
  public List<Next> plan(Collection<UUID> hosts, Map<UUID, Current> current, Map<UUID, HostIdentity> identities) {
    Map<SortedMap<UUID, Long>, List<UUID>> groups = new LinkedHashMap<>();
    for (UUID host : hosts) {
      if (identities.containsKey(host)) {
        Current now = current.get(host);
        SortedMap<UUID, Long> from = now == null || now.composition() == null ? new TreeMap<>() : now.composition().networks();
        groups.computeIfAbsent(from, k -> new ArrayList<>()).add(host);
      }
    }
    List<Next> next = new ArrayList<>();
    groups.forEach((from, members) -> next.addAll(planGroup(from, members, current, identities)));
    return next;
  }

  /** Hosts whose revisions are made of the same snapshots share the views before and after. */
  private List<Next> planGroup(SortedMap<UUID, Long> from, List<UUID> hosts, Map<UUID, Current> current,
      Map<UUID, HostIdentity> identities) {
    List<NetworkSnapshot> beforeSnapshots = new ArrayList<>();
    Map<UUID, NetworkSnapshot> afterSnapshots = new TreeMap<>();
    from.forEach((id, revision) -> {
      NetworkSnapshot snapshot = snapshots.get(id, revision);
      beforeSnapshots.add(snapshot);
      if (!id.equals(networkId)) {
        afterSnapshots.put(id, snapshot);
      }
    });
    if (after.content().cidr() != null) {
      afterSnapshots.put(networkId, after);
      for (UUID bridged : after.content().bridges()) {
        if (!afterSnapshots.containsKey(bridged)) {
          NetworkSnapshot other = latest.apply(bridged);
          if (other != null && other.content().cidr() != null) {
            afterSnapshots.put(bridged, other);
          }
        }
      }
    }
    MeshView before = new MeshView(beforeSnapshots);
    MeshView view = new MeshView(afterSnapshots.values());
    Set<UUID> changed = SnapshotDiff.changedMembers(before.network(networkId), view.network(networkId));
    Map<ViewKey, BigInteger> removedDigests = new HashMap<>();
    Map<ViewKey, BigInteger> addedDigests = new HashMap<>();
    List<Next> next = new ArrayList<>();
    for (UUID host : hosts) {
      HostIdentity identity = identities.get(host);
      Current now = current.get(host);
      ViewKey keyAfter = view.key(host);
      Composition composition = composition(identity, keyAfter, view);
      String hash;
      boolean full = now == null || now.hash() == null || !identity.equals(now.composition().identity()) || changed.contains(host);
      ViewKey keyBefore = full ? null : before.key(host);
      full = full || !keyBefore.equals(keyAfter) || !before.interfaceOf(host, identity).equals(view.interfaceOf(host, identity));
      if (full) {
        hash = view.hash(host, identity).text();
      } else {
        BigInteger removed = removedDigests.computeIfAbsent(keyBefore, key -> before.digests(key, changed));
        BigInteger added = addedDigests.computeIfAbsent(keyAfter, key -> view.digests(key, changed));
        hash = MeshHash.parse(now.hash()).plus(added.subtract(removed)).text();
      }
      if (now == null || now.hash() == null || !hash.equals(now.hash())) {
        next.add(new Next(host, now == null ? 0 : now.revision(), hash, composition, full));
      }
    }
    return next;
  }

  private static Composition composition(HostIdentity identity, ViewKey key, MeshView view) {
    SortedMap<UUID, Long> networks = new TreeMap<>();
    key.visible().forEach(id -> networks.put(id, view.network(id).revision()));
    return new Composition(identity.publicKey(), identity.listenPort(), networks);
  }
}
