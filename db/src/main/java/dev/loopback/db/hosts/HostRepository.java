package dev.loopback.db.hosts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes and reads of host rows done by the agent channel: enrollment, heartbeats, identity checks.
 * Inventory queries (filters, labels, revocation) live in {@link HostInventoryRepository}.
 */
@Repository
public class HostRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public HostRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Host> findById(UUID id) {
    return jdbc.query(HostRows.SELECT + " WHERE h.id = :id", new MapSqlParameterSource("id", id), HostRows.MAPPER)
        .stream().findFirst();
  }

  /** A new host, already enrolled (it is created by its own first join). */
  /** The ids of the workspace's hosts that are not revoked. */
  public List<UUID> idsIn(UUID workspaceId) {
    return jdbc.queryForList("SELECT id FROM hosts WHERE workspace_id = :ws AND revoked_at IS NULL",
        new MapSqlParameterSource("ws", workspaceId), UUID.class);
  }

  public void insertEnrolled(UUID id, UUID organizationId, UUID workspaceId, String name, String lifecycle,
      UUID tokenId, int protocolVersion, String agentVersion, String factsJson, Instant at) {
    jdbc.update("""
        INSERT INTO hosts (id, organization_id, workspace_id, name, lifecycle, agent_version, protocol_version, facts,
                           created_at, enrolled_at, enrolled_with, last_seen_at)
        VALUES (:id, :org, :ws, :name, :lifecycle, :agentVersion, :protocolVersion, CAST(:facts AS jsonb), :at, :at, :token, :at)""",
        new MapSqlParameterSource().addValue("id", id).addValue("org", organizationId).addValue("ws", workspaceId)
            .addValue("name", name).addValue("lifecycle", lifecycle).addValue("agentVersion", agentVersion)
            .addValue("protocolVersion", protocolVersion).addValue("facts", factsJson).addValue("at", Timestamp.from(at))
            .addValue("token", tokenId));
  }

  /** A host registered before its agent exists (adopted or being provisioned): PENDING until it checks in. */
  public void insertPending(UUID id, UUID organizationId, UUID workspaceId, String name, Instant at) {
    jdbc.update("""
        INSERT INTO hosts (id, organization_id, workspace_id, name, lifecycle, created_at)
        VALUES (:id, :org, :ws, :name, 'PENDING', :at)""",
        new MapSqlParameterSource().addValue("id", id).addValue("org", organizationId).addValue("ws", workspaceId)
            .addValue("name", name).addValue("at", Timestamp.from(at)));
  }

  /** What a workflow decided about the host (MANAGED, FAILED, ...); 0 rows if the host does not exist. */
  public int setLifecycle(UUID id, String lifecycle) {
    return jdbc.update("UPDATE hosts SET lifecycle = :lifecycle WHERE id = :id",
        new MapSqlParameterSource().addValue("id", id).addValue("lifecycle", lifecycle));
  }

  /** A pre-registered host is claimed by the first enrollment with its token only; 0 rows means it was not claimable. */
  public int claim(UUID id, UUID workspaceId, UUID tokenId, int protocolVersion, String agentVersion, String factsJson, Instant at) {
    return jdbc.update("""
        UPDATE hosts SET enrolled_at = :at, enrolled_with = :token, last_seen_at = :at, agent_version = :agentVersion,
                         protocol_version = :protocolVersion, facts = CAST(:facts AS jsonb)
        WHERE id = :id AND workspace_id = :ws AND enrolled_at IS NULL AND revoked_at IS NULL""",
        new MapSqlParameterSource().addValue("id", id).addValue("ws", workspaceId).addValue("token", tokenId)
            .addValue("agentVersion", agentVersion).addValue("protocolVersion", protocolVersion)
            .addValue("facts", factsJson).addValue("at", Timestamp.from(at)));
  }

  /** What a hello says: version, protocol, and that the host was seen now. */
  public void recordHello(UUID id, int protocolVersion, String agentVersion, Instant at) {
    jdbc.update("""
        UPDATE hosts SET protocol_version = :protocolVersion, agent_version = :agentVersion, last_seen_at = :at
        WHERE id = :id""",
        new MapSqlParameterSource().addValue("id", id).addValue("protocolVersion", protocolVersion)
            .addValue("agentVersion", agentVersion).addValue("at", Timestamp.from(at)));
  }

  /**
   * Many heartbeats in one statement. Facts and modules are written only when the heartbeat carries
   * them (null means unchanged), because hosts rarely change and thousands beat every few seconds.
   */
  public void recordHeartbeats(List<HeartbeatRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    MapSqlParameterSource[] batch = rows.stream().map(row -> new MapSqlParameterSource()
        .addValue("id", row.hostId()).addValue("at", Timestamp.from(row.at())).addValue("agentVersion", row.agentVersion())
        .addValue("uptime", row.uptimeSeconds()).addValue("facts", row.factsJson()).addValue("modules", row.modulesJson()))
        .toArray(MapSqlParameterSource[]::new);
    jdbc.batchUpdate("""
        UPDATE hosts SET last_seen_at = GREATEST(last_seen_at, :at), agent_version = :agentVersion, uptime_seconds = :uptime,
                         facts = COALESCE(CAST(:facts AS jsonb), facts), modules = COALESCE(CAST(:modules AS jsonb), modules)
        WHERE id = :id""", batch);
  }

  public record HeartbeatRow(UUID hostId, Instant at, String agentVersion, long uptimeSeconds, String factsJson, String modulesJson) {
  }
}
