package dev.loopback.activities.mesh.compile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One network as a revision saw it: settings, bridges and members. Immutable and stored once
 * ({@code network_revisions}); every host's mesh revision is a set of these, so a join to a
 * 10,000-host network stores one new snapshot, not 10,000 peer lists.
 */
public final class NetworkSnapshot {
  private final UUID networkId;
  private final long revision;
  private final Content content;
  private final Map<UUID, SnapshotMember> byHost;

  /**
   * What is stored as JSON. {@code cidr} null: the network was deleted (no members).
   *
   * @param bridges the networks bridged to this one, sorted
   * @param members sorted by address
   */
  public record Content(String cidr, int mtu, int keepalive, List<UUID> bridges, List<SnapshotMember> members) {
    public Content {
      bridges = List.copyOf(bridges);
      members = List.copyOf(members);
    }

    public static Content deleted() {
      return new Content(null, 0, 0, List.of(), List.of());
    }
  }

  public NetworkSnapshot(UUID networkId, long revision, Content content) {
    this.networkId = networkId;
    this.revision = revision;
    this.content = content;
    this.byHost = new HashMap<>(content.members().size() * 2);
    content.members().forEach(member -> byHost.put(member.hostId(), member));
  }

  public UUID networkId() {
    return networkId;
  }

  public long revision() {
    return revision;
  }

  public Content content() {
    return content;
  }

  public SnapshotMember member(UUID hostId) {
    return byHost.get(hostId);
  }

  public List<SnapshotMember> members() {
    return content.members();
  }

  public boolean bridgesTo(UUID other) {
    return content.bridges().contains(other);
  }

  /** The prefix length of the CIDR, for the host's own address on the interface. */
  public int prefixLength() {
    return Integer.parseInt(content.cidr().substring(content.cidr().indexOf('/') + 1));
  }

  /** Same settings (what every member's interface and routes depend on), members aside. */
  public boolean sameSettings(NetworkSnapshot other) {
    return Objects.equals(content.cidr(), other.content.cidr()) && content.mtu() == other.content.mtu()
        && content.keepalive() == other.content.keepalive() && content.bridges().equals(other.content.bridges());
  }

  @Override
  public String toString() {
    return "network " + networkId + " revision " + revision + " (" + content.members().size() + " members)";
  }
}
