package dev.loopback.activities.mesh;

import dev.loopback.db.networks.Network;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A network as operators see it.
 *
 * @param members the hosts and their stable overlay addresses; empty in lists
 * @param bridgedTo networks whose hosts are this network's hosts' peers too
 */
public record NetworkView(UUID id, UUID workspaceId, String name, String cidr, int mtu, int persistentKeepalive, Instant createdAt,
    List<Member> members, List<UUID> bridgedTo) {

  /** @param mesh where the host's mesh is (null until a round planned it) */
  public record Member(UUID hostId, String address, Instant joinedAt, HostMeshView mesh) {
  }

  static NetworkView of(Network network, List<Member> members, List<UUID> bridgedTo) {
    return new NetworkView(network.id(), network.workspaceId(), network.name(), network.cidr(), network.mtu(),
        network.persistentKeepalive(), network.createdAt(), members, bridgedTo);
  }
}
