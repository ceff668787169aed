package dev.loopback.db.updates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class AgentUpdateRepository {
  private static final String COLUMNS = "id, organization_id, workspace_id, host_id, from_version, to_version, channel,"
      + " check_in_seconds, status, running_version, reason, requested_by, requested_at, finished_at";
  private final NamedParameterJdbcTemplate jdbc;

  public AgentUpdateRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Marks the host {@code UPDATING} and records the update, if the host is {@code MANAGED}: a host
   * already updating (or not yet brought up) is left alone and false returned.
   */
  public boolean begin(AgentUpdate update) {
    int hosts = jdbc.update("UPDATE hosts SET lifecycle = 'UPDATING' WHERE id = :host AND lifecycle = 'MANAGED' AND revoked_at IS NULL",
        new MapSqlParameterSource("host", update.hostId()));
    if (hosts == 0) {
      return false;
    }
    jdbc.update("INSERT INTO agent_updates (" + COLUMNS + ") VALUES (:id, :org, :ws, :host, :from, :to, :channel, :checkIn, 'UPDATING',"
        + " NULL, NULL, :by, :at, NULL)", new MapSqlParameterSource().addValue("id", update.id()).addValue("org", update.organizationId())
        .addValue("ws", update.workspaceId()).addValue("host", update.hostId()).addValue("from", update.fromVersion())
        .addValue("to", update.toVersion()).addValue("channel", update.channel()).addValue("checkIn", update.checkInSeconds())
        .addValue("by", update.requestedBy()).addValue("at", Timestamp.from(update.requestedAt())));
    return true;
  }

  /**
   * Records how the update ended and gives the host back its {@code MANAGED} lifecycle. Once only:
   * false when it had already ended.
   */
  public boolean finish(UUID id, String status, String runningVersion, String reason, Instant at) {
    int updates = jdbc.update("UPDATE agent_updates SET status = :status, running_version = :running, reason = :reason, finished_at = :at"
        + " WHERE id = :id AND status = 'UPDATING'", new MapSqlParameterSource().addValue("id", id).addValue("status", status)
        .addValue("running", runningVersion).addValue("reason", reason).addValue("at", Timestamp.from(at)));
    if (updates == 0) {
      return false;
    }
    jdbc.update("UPDATE hosts SET lifecycle = 'MANAGED' WHERE lifecycle = 'UPDATING'"
        + " AND id = (SELECT host_id FROM agent_updates WHERE id = :id)", new MapSqlParameterSource("id", id));
    return true;
  }

  public Optional<AgentUpdate> find(UUID id) {
    return jdbc.query("SELECT " + COLUMNS + " FROM agent_updates WHERE id = :id", new MapSqlParameterSource("id", id),
        AgentUpdateRepository::row).stream().findFirst();
  }

  public Optional<AgentUpdate> latest(UUID hostId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM agent_updates WHERE host_id = :host ORDER BY requested_at DESC LIMIT 1",
        new MapSqlParameterSource("host", hostId), AgentUpdateRepository::row).stream().findFirst();
  }

  private static AgentUpdate row(ResultSet rs, int row) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new AgentUpdate(rs.getObject("id", UUID.class), rs.getObject("organization_id", UUID.class),
        rs.getObject("workspace_id", UUID.class), rs.getObject("host_id", UUID.class), rs.getString("from_version"),
        rs.getString("to_version"), rs.getString("channel"), rs.getInt("check_in_seconds"), rs.getString("status"),
        rs.getString("running_version"), rs.getString("reason"), rs.getString("requested_by"), rs.getTimestamp("requested_at").toInstant(),
        finished == null ? null : finished.toInstant());
  }
}
