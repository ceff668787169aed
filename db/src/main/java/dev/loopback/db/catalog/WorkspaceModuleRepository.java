package dev.loopback.db.catalog;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class WorkspaceModuleRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public WorkspaceModuleRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Both also record the change ({@link #changedSince}): call them in a transaction. */
  public void save(WorkspaceModule module) {
    changed(module.workspaceId());
    jdbc.update("""
        INSERT INTO workspace_modules (workspace_id, name, channel, version, enabled, policy, updated_at)
        VALUES (:ws, :name, :channel, :version, :enabled, CAST(:policy AS jsonb), :at)
        ON CONFLICT (workspace_id, name) DO UPDATE SET channel = EXCLUDED.channel, version = EXCLUDED.version,
            enabled = EXCLUDED.enabled, policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at""",
        new MapSqlParameterSource().addValue("ws", module.workspaceId()).addValue("name", module.name())
            .addValue("channel", module.channel()).addValue("version", module.version()).addValue("enabled", module.enabled())
            .addValue("policy", module.policyJson()).addValue("at", Timestamp.from(module.updatedAt())));
  }

  public List<WorkspaceModule> of(UUID workspaceId) {
    return jdbc.query("SELECT workspace_id, name, channel, version, enabled, policy::text AS policy, updated_at FROM workspace_modules"
        + " WHERE workspace_id = :ws ORDER BY name", new MapSqlParameterSource("ws", workspaceId), (rs, row) -> new WorkspaceModule(
        rs.getObject("workspace_id", UUID.class), rs.getString("name"), rs.getString("channel"), rs.getString("version"),
        rs.getBoolean("enabled"), rs.getString("policy"), rs.getTimestamp("updated_at").toInstant()));
  }

  /** @return false when the workspace had no such module */
  public boolean delete(UUID workspaceId, String name) {
    changed(workspaceId);
    return jdbc.update("DELETE FROM workspace_modules WHERE workspace_id = :ws AND name = :name",
        new MapSqlParameterSource().addValue("ws", workspaceId).addValue("name", name)) == 1;
  }

  private void changed(UUID workspaceId) {
    jdbc.update("""
        INSERT INTO workspace_module_changes (workspace_id, revision) VALUES (:ws, nextval('workspace_module_revision'))
        ON CONFLICT (workspace_id) DO UPDATE SET revision = EXCLUDED.revision""", new MapSqlParameterSource("ws", workspaceId));
  }

  /** The workspaces whose modules changed after {@code revision}, each with its latest revision. */
  public Map<UUID, Long> changedSince(long revision) {
    Map<UUID, Long> changed = new LinkedHashMap<>();
    jdbc.query("SELECT workspace_id, revision FROM workspace_module_changes WHERE revision > :revision ORDER BY revision",
        new MapSqlParameterSource("revision", revision),
        rs -> {
          changed.put(rs.getObject("workspace_id", UUID.class), rs.getLong("revision"));
        });
    return changed;
  }

  public long latestRevision() {
    Long latest = jdbc.queryForObject("SELECT max(revision) FROM workspace_module_changes", new MapSqlParameterSource(), Long.class);
    return latest == null ? 0 : latest;
  }

  /** Workspaces that run at least one module. */
  public List<UUID> workspacesWithModules() {
    return jdbc.queryForList("SELECT DISTINCT workspace_id FROM workspace_modules", new MapSqlParameterSource(), UUID.class);
  }
}
