package dev.loopback.db.catalog;

import java.sql.Timestamp;
import java.util.List;
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

  public void save(WorkspaceModule module) {
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
    return jdbc.update("DELETE FROM workspace_modules WHERE workspace_id = :ws AND name = :name",
        new MapSqlParameterSource().addValue("ws", workspaceId).addValue("name", name)) == 1;
  }
}
