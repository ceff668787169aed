package dev.loopback.db.hosts;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The session registry: at most one row per host, naming the replica that holds its channel. A new
 * session replaces the old one; ending a session deletes the row only if it is still that session's,
 * so a slow goodbye from an old replica cannot erase the agent's new home.
 */
@Repository
public class AgentSessionRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public AgentSessionRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void open(AgentSession session) {
    jdbc.update("""
        INSERT INTO agent_sessions (host_id, session_id, replica_id, remote_address, connected_at)
        VALUES (:host, :session, :replica, :remote, :at)
        ON CONFLICT (host_id) DO UPDATE SET session_id = EXCLUDED.session_id, replica_id = EXCLUDED.replica_id,
            remote_address = EXCLUDED.remote_address, connected_at = EXCLUDED.connected_at""",
        new MapSqlParameterSource().addValue("host", session.hostId()).addValue("session", session.sessionId())
            .addValue("replica", session.replicaId()).addValue("remote", session.remoteAddress())
            .addValue("at", Timestamp.from(session.connectedAt())));
  }

  public int close(UUID hostId, UUID sessionId) {
    return jdbc.update("DELETE FROM agent_sessions WHERE host_id = :host AND session_id = :session",
        new MapSqlParameterSource().addValue("host", hostId).addValue("session", sessionId));
  }

  /** At replica start: whatever this replica held before it stopped is gone. */
  public int closeAllOf(String replicaId) {
    return jdbc.update("DELETE FROM agent_sessions WHERE replica_id = :replica", new MapSqlParameterSource("replica", replicaId));
  }

  public Optional<AgentSession> find(UUID hostId) {
    return jdbc.query("SELECT * FROM agent_sessions WHERE host_id = :host", new MapSqlParameterSource("host", hostId),
        (rs, row) -> new AgentSession(hostId, rs.getObject("session_id", UUID.class), rs.getString("replica_id"),
            rs.getString("remote_address"), rs.getTimestamp("connected_at").toInstant())).stream().findFirst();
  }

  /** The sessions of those hosts that have one; callers keep the list of ids short (it becomes one IN list). */
  public List<AgentSession> findAll(Collection<UUID> hostIds) {
    if (hostIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT * FROM agent_sessions WHERE host_id IN (:ids)", new MapSqlParameterSource("ids", hostIds),
        (rs, row) -> new AgentSession(rs.getObject("host_id", UUID.class), rs.getObject("session_id", UUID.class),
            rs.getString("replica_id"), rs.getString("remote_address"), rs.getTimestamp("connected_at").toInstant()));
  }
}
