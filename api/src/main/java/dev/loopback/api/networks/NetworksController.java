package dev.loopback.api.networks;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.mesh.MeshChanges;
import dev.loopback.activities.mesh.NetworkView;
import dev.loopback.activities.mesh.Networks;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.db.networks.NetworkMember;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** WireGuard overlay networks: change with {@code networks:manage}, read with {@code hosts:read}. */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/networks")
class NetworksController {
  private final Networks networks;
  private final MeshChanges changes;

  NetworksController(Networks networks, MeshChanges changes) {
    this.networks = networks;
    this.changes = changes;
  }

  record NetworkList(List<NetworkView> networks) {}

  @Requires(Capability.NETWORKS_MANAGE)
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  NetworkView create(RequestAccess access, @PathVariable UUID workspaceId, @RequestBody Networks.CreateNetwork request) {
    return networks.create(access.actor(), workspaceId, request);
  }

  @Requires(Capability.HOSTS_READ)
  @GetMapping
  NetworkList list(@PathVariable UUID workspaceId) {
    return new NetworkList(networks.list(workspaceId));
  }

  @Requires(Capability.HOSTS_READ)
  @GetMapping("/{networkId}")
  NetworkView get(@PathVariable UUID workspaceId, @PathVariable UUID networkId) {
    return networks.get(workspaceId, networkId);
  }

  /** Adds the host with the lowest free overlay address, which it keeps while it is a member. */
  @Requires(Capability.NETWORKS_MANAGE)
  @PutMapping("/{networkId}/members/{hostId}")
  NetworkMember join(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID networkId, @PathVariable UUID hostId) {
    NetworkMember member = networks.join(access.actor(), workspaceId, networkId, hostId);
    changes.networkChanged(networkId);
    return member;
  }

  @Requires(Capability.NETWORKS_MANAGE)
  @DeleteMapping("/{networkId}/members/{hostId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void leave(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID networkId, @PathVariable UUID hostId) {
    networks.leave(access.actor(), workspaceId, networkId, hostId);
    changes.networkChanged(networkId);
  }

  /** The hosts of both networks become peers of each other. */
  @Requires(Capability.NETWORKS_MANAGE)
  @PutMapping("/{networkId}/bridges/{otherNetworkId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void bridge(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID networkId, @PathVariable UUID otherNetworkId) {
    networks.bridge(access.actor(), workspaceId, networkId, otherNetworkId);
    changes.networkChanged(networkId);
    changes.networkChanged(otherNetworkId);
  }

  @Requires(Capability.NETWORKS_MANAGE)
  @DeleteMapping("/{networkId}/bridges/{otherNetworkId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void unbridge(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID networkId, @PathVariable UUID otherNetworkId) {
    networks.unbridge(access.actor(), workspaceId, networkId, otherNetworkId);
    changes.networkChanged(networkId);
    changes.networkChanged(otherNetworkId);
  }

  /** The network and its memberships go; its former members' meshes lose it in the round that follows. */
  @Requires(Capability.NETWORKS_MANAGE)
  @DeleteMapping("/{networkId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID networkId) {
    networks.delete(access.actor(), workspaceId, networkId);
    changes.networkChanged(networkId);
  }
}
