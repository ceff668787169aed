package dev.loopback.activities.mesh.compile;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** The hosts whose membership differs between two snapshots of one network: joined, left, new address, key or endpoint. */
public final class SnapshotDiff {
  private SnapshotDiff() {
  }

  /** @param before null when the network was not there before */
  public static Set<UUID> changedMembers(NetworkSnapshot before, NetworkSnapshot after) {
    Set<UUID> changed = new HashSet<>();
    if (before != null) {
      for (SnapshotMember member : before.members()) {
        if (after == null || !Objects.equals(member, after.member(member.hostId()))) {
          changed.add(member.hostId());
        }
      }
    }
    if (after != null) {
      for (SnapshotMember member : after.members()) {
        if (before == null || !Objects.equals(member, before.member(member.hostId()))) {
          changed.add(member.hostId());
        }
      }
    }
    return changed;
  }
}
