package dev.loopback.activities.mesh.compile;

import dev.loopback.protocol.messages.MeshDelta;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The peers that differ between two revisions of one host, for the agent: when only members of its
 * networks changed (not the interface, not what it sees), the host gets those peers, not its whole
 * list. Anything else is sent whole.
 */
public final class MeshDeltas {
  private MeshDeltas() {
  }

  /**
   * @param changedMembers the members that differ between two snapshots of one network (cached by the caller)
   * @return empty when the change is not a peers-only change
   */
  public static Optional<MeshDelta> between(UUID host, long baseRevision, String baseHash, MeshView base, Composition baseComposition,
      MeshView target, Composition targetComposition, ChangedMembers changedMembers) {
    if (!baseComposition.identity().equals(targetComposition.identity())
        || !baseComposition.networks().keySet().equals(targetComposition.networks().keySet())) {
      return Optional.empty();
    }
    ViewKey baseKey = base.key(host);
    ViewKey targetKey = target.key(host);
    HostIdentity identity = targetComposition.identity();
    if (!baseKey.equals(targetKey) || !base.interfaceOf(host, identity).equals(target.interfaceOf(host, identity))) {
      return Optional.empty();
    }
    Set<UUID> changed = new HashSet<>();
    for (Map.Entry<UUID, Long> network : targetComposition.networks().entrySet()) {
      long from = baseComposition.networks().get(network.getKey());
      if (from != network.getValue()) {
        changed.addAll(changedMembers.between(network.getKey(), from, network.getValue()));
      }
    }
    if (changed.contains(host)) {
      return Optional.empty();
    }
    List<WireGuardPeer> upserts = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    for (UUID peer : changed) {
      WireGuardPeer before = base.entry(baseKey, peer);
      WireGuardPeer after = target.entry(targetKey, peer);
      if (before != null && (after == null || !before.publicKey().equals(after.publicKey()))) {
        removals.add(before.publicKey());
      }
      if (after != null && !Objects.equals(before, after)) {
        upserts.add(after);
      }
    }
    return Optional.of(new MeshDelta(baseRevision, baseHash, upserts, removals));
  }

  /** Members changed between two revisions of a network; the caller caches them for all hosts of one push. */
  public interface ChangedMembers {
    Set<UUID> between(UUID networkId, long fromRevision, long toRevision);
  }
}
