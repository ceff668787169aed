package dev.loopback.activities.mesh;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.db.networks.Network;
import dev.loopback.db.networks.MeshIdentityRepository;
import dev.loopback.db.networks.MeshRevisionRepository;
import dev.loopback.db.networks.NetworkMember;
import dev.loopback.db.networks.NetworkRepository;
import dev.loopback.db.tenancy.Workspace;
import dev.loopback.db.tenancy.WorkspaceRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Overlay networks, memberships and bridges (what the mesh should be). Pushing it to hosts is the
 * network-apply workflow's job, which callers signal after each change.
 */
@Service
public class Networks {
  static final int DEFAULT_MTU = 1380;
  static final int DEFAULT_KEEPALIVE = 25;
  private static final int MAX_NAME = 63;
  private final NetworkRepository networks;
  private final MeshRevisionRepository revisions;
  private final MeshIdentityRepository identities;
  private final WorkspaceRepository workspaces;
  private final HostRepository hosts;
  private final AuditLog audit;
  private final Clock clock;

  public Networks(NetworkRepository networks, MeshRevisionRepository revisions, MeshIdentityRepository identities,
      WorkspaceRepository workspaces, HostRepository hosts, AuditLog audit, Clock clock) {
    this.networks = networks;
    this.revisions = revisions;
    this.identities = identities;
    this.workspaces = workspaces;
    this.hosts = hosts;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * @param mtu default 1380: 1500 less WireGuard's 80 bytes of IPv6 overhead, less 40 more for
   *     underlays that already tunnel (PPPoE, VXLAN); raise it on a clean 1500 underlay
   * @param persistentKeepalive seconds, default 25: keeps NAT mappings alive; 0 turns it off
   */
  public record CreateNetwork(String name, String cidr, Integer mtu, Integer persistentKeepalive) {}

  @Transactional
  public NetworkView create(Actor actor, UUID workspaceId, CreateNetwork request) {
    Workspace workspace = workspace(workspaceId);
    String name = request.name() == null ? "" : request.name().strip();
    if (!name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
      throw new InvalidFieldException("name", "name must be 1-" + MAX_NAME + " lowercase letters, digits and '-', got \"" + name + "\"");
    }
    Cidr cidr = Cidr.parse("cidr", request.cidr());
    int mtu = request.mtu() == null ? DEFAULT_MTU : request.mtu();
    if (mtu < 1280 || mtu > 9000) {
      throw new InvalidFieldException("mtu", "mtu must be 1280 to 9000, got " + mtu);
    }
    int keepalive = request.persistentKeepalive() == null ? DEFAULT_KEEPALIVE : request.persistentKeepalive();
    if (keepalive < 0 || keepalive > 3600) {
      throw new InvalidFieldException("persistentKeepalive", "persistentKeepalive must be 0 to 3600 seconds, got " + keepalive);
    }
    for (Network other : networks.list(workspaceId)) {
      if (other.name().equals(name)) {
        throw new ConflictException("a network named " + name + " exists already");
      }
      // A host in both, or a bridge between them, would route one address two ways.
      if (Cidr.parse("cidr", other.cidr()).overlaps(cidr)) {
        throw new InvalidFieldException("cidr", "cidr " + cidr + " overlaps network " + other.name() + " (" + other.cidr() + ")");
      }
    }
    Network network = new Network(UUID.randomUUID(), workspace.organizationId(), workspaceId, name, cidr.toString(), mtu, keepalive, now());
    networks.insert(network);
    audit.append(actor, AuditEntry.success(workspace.organizationId(), workspaceId, "network.create", "network:" + network.id(),
        "name=" + name + " cidr=" + cidr));
    return NetworkView.of(network, List.of(), List.of());
  }

  @Transactional(readOnly = true)
  public List<NetworkView> list(UUID workspaceId) {
    workspace(workspaceId);
    return networks.list(workspaceId).stream().map(n -> NetworkView.of(n, List.of(), List.of())).toList();
  }

  @Transactional(readOnly = true)
  public NetworkView get(UUID workspaceId, UUID networkId) {
    Network network = network(workspaceId, networkId);
    List<NetworkMember> found = networks.members(networkId);
    Map<UUID, HostMeshView> states = new HashMap<>();
    revisions.states(found.stream().map(NetworkMember::hostId).toList()).forEach(state -> states.put(state.hostId(), HostMeshView.of(state)));
    List<NetworkView.Member> members = found.stream()
        .map(m -> new NetworkView.Member(m.hostId(), m.address(), m.joinedAt(), states.get(m.hostId()))).toList();
    List<UUID> bridged = networks.bridgesOf(List.of(networkId)).stream()
        .map(pair -> pair[0].equals(networkId) ? pair[1] : pair[0]).toList();
    return NetworkView.of(network, members, bridged);
  }

  /** Adds the host with the lowest free address; joining again returns the address it has. */
  @Transactional
  public NetworkMember join(Actor actor, UUID workspaceId, UUID networkId, UUID hostId) {
    Network network = networks.lock(workspaceId, networkId).orElseThrow(() -> new NotFoundException("network " + networkId));
    Host host = hosts.findById(hostId).filter(h -> h.workspaceId().equals(workspaceId))
        .orElseThrow(() -> new NotFoundException("host " + hostId));
    if (host.revoked()) {
      throw new ConflictException("host " + hostId + " is revoked");
    }
    var existing = networks.members(networkId).stream().filter(m -> m.hostId().equals(hostId)).findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    String address = networks.lowestFreeAddress(networkId).orElseThrow(() -> new ConflictException(
        "network " + network.name() + " (" + network.cidr() + ") has no free address left"));
    Instant at = now();
    networks.addMember(networkId, hostId, address, at);
    audit.append(actor, AuditEntry.success(network.organizationId(), workspaceId, "network.join", "network:" + networkId,
        "host=" + hostId + " address=" + address));
    return new NetworkMember(networkId, hostId, address, at);
  }

  @Transactional
  public void leave(Actor actor, UUID workspaceId, UUID networkId, UUID hostId) {
    Network network = networks.lock(workspaceId, networkId).orElseThrow(() -> new NotFoundException("network " + networkId));
    if (networks.removeMember(networkId, hostId) == 0) {
      throw new NotFoundException("host " + hostId + " in network " + networkId);
    }
    audit.append(actor, AuditEntry.success(network.organizationId(), workspaceId, "network.leave", "network:" + networkId,
        "host=" + hostId));
  }

  @Transactional
  public void bridge(Actor actor, UUID workspaceId, UUID networkId, UUID otherId) {
    Network network = network(workspaceId, networkId);
    network(workspaceId, otherId);
    if (networkId.equals(otherId)) {
      throw new InvalidFieldException("network", "a network cannot be bridged to itself");
    }
    if (networks.addBridge(networkId, otherId, now())) {
      audit.append(actor, AuditEntry.success(network.organizationId(), workspaceId, "network.bridge", "network:" + networkId,
          "to=" + otherId));
    }
  }

  @Transactional
  public void unbridge(Actor actor, UUID workspaceId, UUID networkId, UUID otherId) {
    Network network = network(workspaceId, networkId);
    if (networks.removeBridge(networkId, otherId) == 0) {
      throw new NotFoundException("bridge from " + networkId + " to " + otherId);
    }
    audit.append(actor, AuditEntry.success(network.organizationId(), workspaceId, "network.unbridge", "network:" + networkId,
        "to=" + otherId));
  }

  /** Deletes the network and its memberships; its former members lose it at the round that follows. */
  @Transactional
  public void delete(Actor actor, UUID workspaceId, UUID networkId) {
    Network network = networks.lock(workspaceId, networkId).orElseThrow(() -> new NotFoundException("network " + networkId));
    networks.delete(workspaceId, networkId);
    audit.append(actor, AuditEntry.success(network.organizationId(), workspaceId, "network.delete", "network:" + networkId,
        "name=" + network.name()));
  }

  /** The host's mesh state, or empty when no round has planned it yet. */
  @Transactional(readOnly = true)
  public Optional<HostMeshView> hostMesh(UUID workspaceId, UUID hostId) {
    host(workspaceId, hostId);
    return revisions.state(hostId).map(HostMeshView::of);
  }

  /** Makes the next round of each of the host's networks send it its revision again (seed: "Stuck after membership change"). */
  @Transactional
  public List<UUID> reapply(Actor actor, UUID workspaceId, UUID hostId) {
    Host host = host(workspaceId, hostId);
    revisions.forgetApplied(hostId, now());
    List<UUID> memberOf = networks.membershipsOf(hostId).stream().map(NetworkMember::networkId).toList();
    audit.append(actor, AuditEntry.success(host.organizationId(), workspaceId, "host.mesh.reapply", "host:" + hostId,
        "networks=" + memberOf.size()));
    return memberOf;
  }

  /**
   * Where peers reach the host instead of the address its agent connects from (e.g. a public address
   * in front of NAT); null clears it. An IP address, so that no peer depends on name resolution.
   */
  @Transactional
  public void overrideEndpoint(Actor actor, UUID workspaceId, UUID hostId, String endpoint) {
    Host host = host(workspaceId, hostId);
    String value = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
    if (value != null && !InetAddresses.isLiteral(value)) {
      throw new InvalidFieldException("endpoint", "endpoint must be an IPv4 or IPv6 address, got \"" + value + "\"");
    }
    if (!identities.overrideEndpoint(hostId, value, now())) {
      throw new ConflictException("host " + hostId + " has not reported its WireGuard key yet; set its endpoint after it connected");
    }
    audit.append(actor, AuditEntry.success(host.organizationId(), workspaceId, "host.mesh.endpoint", "host:" + hostId,
        "endpoint=" + value));
  }

  private Host host(UUID workspaceId, UUID hostId) {
    return hosts.findById(hostId).filter(h -> h.workspaceId().equals(workspaceId))
        .orElseThrow(() -> new NotFoundException("host " + hostId));
  }

  private Network network(UUID workspaceId, UUID networkId) {
    return networks.find(workspaceId, networkId).orElseThrow(() -> new NotFoundException("network " + networkId));
  }

  private Workspace workspace(UUID workspaceId) {
    return workspaces.findById(workspaceId).orElseThrow(() -> new NotFoundException("workspace " + workspaceId));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
