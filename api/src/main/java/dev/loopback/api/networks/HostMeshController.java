package dev.loopback.api.networks;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.activities.mesh.HostMeshView;
import dev.loopback.activities.mesh.MeshChanges;
import dev.loopback.activities.mesh.Networks;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** One host's mesh: where it is, and re-applying it when it is stuck. */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/hosts/{hostId}/mesh")
class HostMeshController {
  private final Networks networks;
  private final MeshChanges changes;

  HostMeshController(Networks networks, MeshChanges changes) {
    this.networks = networks;
    this.changes = changes;
  }

  record Reapply(List<UUID> networks) {}

  /** @param endpoint an IP address peers send to instead of the one the agent connects from; null clears it */
  record EndpointRequest(String endpoint) {}

  @Requires(Capability.HOSTS_READ)
  @GetMapping
  HostMeshView get(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    return networks.hostMesh(workspaceId, hostId).orElseThrow(() -> new NotFoundException("mesh of host " + hostId
        + " (it is in no network, or no round has run yet)"));
  }

  @Requires(Capability.NETWORKS_MANAGE)
  @PutMapping("/endpoint")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void endpoint(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID hostId, @RequestBody EndpointRequest request) {
    networks.overrideEndpoint(access.actor(), workspaceId, hostId, request.endpoint());
    changes.hostChanged(hostId);
  }

  /** Every network of the host runs a round, which sends the host its revision again. */
  @Requires(Capability.NETWORKS_MANAGE)
  @PostMapping("/reapply")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Reapply reapply(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    List<UUID> memberOf = networks.reapply(access.actor(), workspaceId, hostId);
    memberOf.forEach(changes::networkChanged);
    return new Reapply(memberOf);
  }
}
