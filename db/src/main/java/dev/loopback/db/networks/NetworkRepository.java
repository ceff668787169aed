package dev.loopback.db.networks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Networks, their members and bridges. */
@Repository
public class NetworkRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public NetworkRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Network network) {
    jdbc.update("""
        INSERT INTO networks (id, organization_id, workspace_id, name, cidr, mtu, persistent_keepalive, created_at)
        VALUES (:id, :org, :ws, :name, CAST(:cidr AS cidr), :mtu, :keepalive, :at)""",
        new MapSqlParameterSource().addValue("id", network.id()).addValue("org", network.organizationId())
            .addValue("ws", network.workspaceId()).addValue("name", network.name()).addValue("cidr", network.cidr())
            .addValue("mtu", network.mtu()).addValue("keepalive", network.persistentKeepalive())
            .addValue("at", Timestamp.from(network.createdAt())));
  }

  public Optional<Network> find(UUID workspaceId, UUID networkId) {
    return jdbc.query("SELECT * FROM networks WHERE id = :id AND workspace_id = :ws",
        new MapSqlParameterSource().addValue("id", networkId).addValue("ws", workspaceId), NetworkRepository::network).stream().findFirst();
  }

  /**
   * The network, locked until the transaction ends: joins to one network take turns, so two hosts
   * joining at once can never be handed the same address.
   */
  public Optional<Network> lock(UUID workspaceId, UUID networkId) {
    return jdbc.query("SELECT * FROM networks WHERE id = :id AND workspace_id = :ws FOR UPDATE",
        new MapSqlParameterSource().addValue("id", networkId).addValue("ws", workspaceId), NetworkRepository::network).stream().findFirst();
  }

  public List<Network> list(UUID workspaceId) {
    return jdbc.query("SELECT * FROM networks WHERE workspace_id = :ws ORDER BY name",
        new MapSqlParameterSource("ws", workspaceId), NetworkRepository::network);
  }

  public List<Network> byIds(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT * FROM networks WHERE id IN (:ids)", new MapSqlParameterSource("ids", ids), NetworkRepository::network);
  }

  public int delete(UUID workspaceId, UUID networkId) {
    return jdbc.update("DELETE FROM networks WHERE id = :id AND workspace_id = :ws",
        new MapSqlParameterSource().addValue("id", networkId).addValue("ws", workspaceId));
  }

  public List<NetworkMember> members(UUID networkId) {
    return jdbc.query("SELECT network_id, host_id, host(address) AS address, joined_at FROM network_members WHERE network_id = :id ORDER BY address",
        new MapSqlParameterSource("id", networkId), NetworkRepository::member);
  }

  /** Every membership of the given networks, for compiling the mesh of their hosts. */
  public List<NetworkMember> members(Collection<UUID> networkIds) {
    if (networkIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT network_id, host_id, host(address) AS address, joined_at FROM network_members WHERE network_id IN (:ids)",
        new MapSqlParameterSource("ids", networkIds), NetworkRepository::member);
  }

  /** The members of a network with their identities, by address: what a network snapshot is made of. */
  public List<MemberIdentity> membersWithIdentities(UUID networkId) {
    return jdbc.query("""
        SELECT m.host_id, host(m.address) AS address, i.public_key, i.listen_port, COALESCE(i.endpoint_override, i.endpoint_host) AS endpoint
        FROM network_members m LEFT JOIN host_mesh_identities i ON i.host_id = m.host_id
        WHERE m.network_id = :id ORDER BY m.address""", new MapSqlParameterSource("id", networkId),
        (rs, row) -> new MemberIdentity(rs.getObject("host_id", UUID.class), rs.getString("address"), rs.getString("public_key"),
            (Integer) rs.getObject("listen_port"), rs.getString("endpoint")));
  }

  /** The networks bridged to this one. */
  public List<UUID> bridgedTo(UUID networkId) {
    return jdbc.query("""
        SELECT CASE WHEN network_a = :id THEN network_b ELSE network_a END AS other FROM network_bridges
        WHERE network_a = :id OR network_b = :id ORDER BY 1""", new MapSqlParameterSource("id", networkId),
        (rs, row) -> rs.getObject("other", UUID.class));
  }

  /** A network by id alone, for the planner (which has no workspace in hand). */
  public Optional<Network> findById(UUID networkId) {
    return jdbc.query("SELECT * FROM networks WHERE id = :id", new MapSqlParameterSource("id", networkId), NetworkRepository::network)
        .stream().findFirst();
  }

  public List<NetworkMember> membershipsOf(UUID hostId) {
    return jdbc.query("SELECT network_id, host_id, host(address) AS address, joined_at FROM network_members WHERE host_id = :host",
        new MapSqlParameterSource("host", hostId), NetworkRepository::member);
  }

  /**
   * The lowest free host address of the network (not its network or broadcast address): either the
   * first one or the one after a member whose successor is free. Call with the network locked.
   */
  public Optional<String> lowestFreeAddress(UUID networkId) {
    return jdbc.query("""
        WITH net AS (SELECT set_masklen(network(cidr)::inet, 32) AS base, broadcast(cidr) - network(cidr) AS size
                     FROM networks WHERE id = :id),
             candidate AS (
               SELECT 1::bigint AS n
               UNION ALL
               SELECT (m.address - net.base) + 1 FROM network_members m, net
               WHERE m.network_id = :id AND NOT EXISTS (
                 SELECT 1 FROM network_members next WHERE next.network_id = :id AND next.address = m.address + 1))
        SELECT host(net.base + c.n) AS address FROM candidate c, net
        WHERE c.n < net.size AND NOT EXISTS (
          SELECT 1 FROM network_members taken WHERE taken.network_id = :id AND taken.address = net.base + c.n)
        ORDER BY c.n LIMIT 1""", new MapSqlParameterSource("id", networkId), (rs, row) -> rs.getString("address"))
        .stream().findFirst();
  }

  /** @return false when the host is a member already */
  public boolean addMember(UUID networkId, UUID hostId, String address, Instant at) {
    return jdbc.update("""
        INSERT INTO network_members (network_id, host_id, address, joined_at) VALUES (:network, :host, CAST(:address AS inet), :at)
        ON CONFLICT (network_id, host_id) DO NOTHING""",
        new MapSqlParameterSource().addValue("network", networkId).addValue("host", hostId).addValue("address", address)
            .addValue("at", Timestamp.from(at))) == 1;
  }

  public int removeMember(UUID networkId, UUID hostId) {
    return jdbc.update("DELETE FROM network_members WHERE network_id = :network AND host_id = :host",
        new MapSqlParameterSource().addValue("network", networkId).addValue("host", hostId));
  }

  /** @return false when the bridge exists already */
  public boolean addBridge(UUID a, UUID b, Instant at) {
    // PostgreSQL orders uuids by their bytes, as their text sorts; UUID.compareTo does not.
    boolean aFirst = a.toString().compareTo(b.toString()) < 0;
    UUID low = aFirst ? a : b;
    UUID high = aFirst ? b : a;
    return jdbc.update("""
        INSERT INTO network_bridges (network_a, network_b, created_at) VALUES (:a, :b, :at) ON CONFLICT DO NOTHING""",
        new MapSqlParameterSource().addValue("a", low).addValue("b", high).addValue("at", Timestamp.from(at))) == 1;
  }

  public int removeBridge(UUID a, UUID b) {
    return jdbc.update("""
        DELETE FROM network_bridges WHERE (network_a = :a AND network_b = :b) OR (network_a = :b AND network_b = :a)""",
        new MapSqlParameterSource().addValue("a", a).addValue("b", b));
  }

  /** The networks bridged to any of these, as pairs (a, b) with a one of {@code networkIds}. */
  public List<UUID[]> bridgesOf(Collection<UUID> networkIds) {
    if (networkIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT network_a, network_b FROM network_bridges WHERE network_a IN (:ids) OR network_b IN (:ids)",
        new MapSqlParameterSource("ids", networkIds),
        (rs, row) -> new UUID[] {rs.getObject("network_a", UUID.class), rs.getObject("network_b", UUID.class)});
  }

  private static Network network(ResultSet rs, int row) throws SQLException {
    return new Network(rs.getObject("id", UUID.class), rs.getObject("organization_id", UUID.class), rs.getObject("workspace_id", UUID.class),
        rs.getString("name"), rs.getString("cidr"), rs.getInt("mtu"), rs.getInt("persistent_keepalive"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static NetworkMember member(ResultSet rs, int row) throws SQLException {
    return new NetworkMember(rs.getObject("network_id", UUID.class), rs.getObject("host_id", UUID.class), rs.getString("address"),
        rs.getTimestamp("joined_at").toInstant());
  }

  /**
   * Marks that a change is waiting for the network's apply workflow, unless one already is (marked
   * after {@code staleBefore} and not yet planned): then the caller need not wake the workflow.
   *
   * @return true when the caller must signal the workflow: the mark is new, stale, or the network is gone
   */
  public boolean requestApply(UUID id, Instant now, Instant staleBefore) {
    Boolean pending = jdbc.queryForObject("""
        WITH marked AS (
          UPDATE networks SET apply_requested_at = :now
          WHERE id = :id AND (apply_requested_at IS NULL OR apply_requested_at < :stale) RETURNING 1)
        SELECT NOT EXISTS (SELECT 1 FROM marked) AND EXISTS (SELECT 1 FROM networks WHERE id = :id)""",
        new MapSqlParameterSource().addValue("id", id).addValue("now", Timestamp.from(now)).addValue("stale", Timestamp.from(staleBefore)),
        Boolean.class);
    return !Boolean.TRUE.equals(pending);
  }

  /** The workflow is about to plan: changes from now on must wake it again. */
  public void clearApplyRequest(UUID id) {
    jdbc.update("UPDATE networks SET apply_requested_at = NULL WHERE id = :id", new MapSqlParameterSource("id", id));
  }
}
