package dev.loopback.db.hosts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Inventory reads and operator writes on hosts: filtered lists, labels, revocation. */
@Repository
public class HostInventoryRepository {

  /**
   * A host's state as the API reports it, over {@link HostRows#SELECT}'s {@code h} and {@code s}, with
   * {@code :staleBefore} = now minus the agent channel's stale-after. It must say exactly what
   * {@code HostState.of} in the activities module says; a test holds the two together.
   */
  public static final String STATE = """
      (CASE
         WHEN h.revoked_at IS NOT NULL THEN 'REVOKED'
         WHEN h.enrolled_at IS NULL THEN 'PENDING'
         WHEN h.lifecycle = 'UPDATING' THEN 'UPDATING'
         WHEN s.host_id IS NULL OR h.last_seen_at IS NULL
              OR h.last_seen_at < CAST(:staleBefore AS timestamptz) THEN 'DISCONNECTED'
         WHEN h.lifecycle = 'PENDING' THEN 'CONNECTED'
         WHEN h.lifecycle = 'MANAGED' AND h.modules @> CAST('[{"state": "failed"}]' AS jsonb) THEN 'DEGRADED'
         ELSE h.lifecycle
       END)""";

  private final NamedParameterJdbcTemplate jdbc;

  public HostInventoryRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * What a list asks for; every criterion is optional.
   *
   * @param states derived state names ({@link #STATE}); empty for any
   * @param labelsJson a JSON object every listed host's labels must contain; null for any
   * @param afterCreatedAt with {@code afterId}: the last host of the previous page
   */
  public record HostQuery(
      Collection<String> states, String agentVersion, String labelsJson, Instant afterCreatedAt, UUID afterId, int limit) {

    public HostQuery {
      states = states == null ? List.of() : List.copyOf(states);
      if ((afterCreatedAt == null) != (afterId == null)) {
        throw new IllegalArgumentException("afterCreatedAt and afterId go together");
      }
    }
  }

  /** One page of a workspace's hosts in (created_at, id) order, the order the keyset cursor relies on. */
  public List<Host> list(UUID workspaceId, HostQuery query, Instant staleBefore) {
    StringBuilder sql = new StringBuilder(HostRows.SELECT).append("WHERE h.workspace_id = :ws");
    MapSqlParameterSource params = new MapSqlParameterSource("ws", workspaceId)
        .addValue("staleBefore", Timestamp.from(staleBefore)).addValue("limit", query.limit());
    if (!query.states().isEmpty()) {
      sql.append(" AND ").append(STATE).append(" IN (:states)");
      params.addValue("states", query.states());
    }
    if (query.agentVersion() != null) {
      sql.append(" AND h.agent_version = :version");
      params.addValue("version", query.agentVersion());
    }
    if (query.labelsJson() != null) {
      // Containment is what the GIN index hosts_labels (jsonb_path_ops) serves.
      sql.append(" AND h.labels @> CAST(:labels AS jsonb)");
      params.addValue("labels", query.labelsJson());
    }
    if (query.afterId() != null) {
      sql.append(" AND (h.created_at, h.id) > (CAST(:afterCreatedAt AS timestamptz), CAST(:afterId AS uuid))");
      params.addValue("afterCreatedAt", Timestamp.from(query.afterCreatedAt())).addValue("afterId", query.afterId());
    }
    sql.append(" ORDER BY h.created_at, h.id LIMIT :limit");
    return jdbc.query(sql.toString(), params, HostRows.MAPPER);
  }

  public Optional<Host> find(UUID workspaceId, UUID hostId) {
    return jdbc.query(HostRows.SELECT + "WHERE h.id = :id AND h.workspace_id = :ws",
        new MapSqlParameterSource("id", hostId).addValue("ws", workspaceId), HostRows.MAPPER).stream().findFirst();
  }

  /** Replaces all labels; 0 rows means no such host in the workspace. */
  public int setLabels(UUID workspaceId, UUID hostId, String labelsJson) {
    return jdbc.update("UPDATE hosts SET labels = CAST(:labels AS jsonb) WHERE id = :id AND workspace_id = :ws",
        new MapSqlParameterSource("id", hostId).addValue("ws", workspaceId).addValue("labels", labelsJson));
  }

  /** Revokes once: 0 rows means no such host in the workspace, or one already revoked. */
  public int revoke(UUID workspaceId, UUID hostId, Instant at, String by) {
    return jdbc.update("""
        UPDATE hosts SET revoked_at = :at, revoked_by = :by
        WHERE id = :id AND workspace_id = :ws AND revoked_at IS NULL""",
        new MapSqlParameterSource("id", hostId).addValue("ws", workspaceId)
            .addValue("at", Timestamp.from(at)).addValue("by", by));
  }
}
