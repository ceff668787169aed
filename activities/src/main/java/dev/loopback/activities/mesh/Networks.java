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
import dev.loopback.db.networks.NetworkMember;
import dev.loopback.db.networks.NetworkRepository;
import dev.loopback.db.tenancy.Workspace;
import dev.loopback.db.tenancy.WorkspaceRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
  private final WorkspaceRepository workspaces;
  private final HostRepository hosts;
  private final AuditLog audit;
  private final Clock clock;

  public Networks(NetworkRepository networks, WorkspaceRepository workspaces, HostRepository hosts, AuditLog audit, Clock clock) {
    this.networks = networks;
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
    List<NetworkView.Member> members = networks.members(networkId).stream()
        .map(m -> new NetworkView.Member(m.hostId(), m.address(), m.joinedAt())).toList();
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
