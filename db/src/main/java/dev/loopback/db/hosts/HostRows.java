package dev.loopback.db.hosts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;

/** The one SELECT list and row mapper for hosts with their session, so every query reads hosts the same way. */
public final class HostRows {
  public static final String SELECT = """
      SELECT h.id, h.organization_id, h.workspace_id, h.name, h.lifecycle, h.labels::text AS labels,
             h.agent_version, h.protocol_version, h.facts::text AS facts, h.modules::text AS modules,
             h.uptime_seconds, h.created_at, h.enrolled_at, h.enrolled_with, h.last_seen_at, h.revoked_at, h.revoked_by,
             s.session_id, s.replica_id, s.remote_address, s.connected_at
      FROM hosts h LEFT JOIN agent_sessions s ON s.host_id = h.id
      """;

  public static final RowMapper<Host> MAPPER = HostRows::map;

  private HostRows() {
  }

  private static Host map(ResultSet rs, int row) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    UUID sessionId = rs.getObject("session_id", UUID.class);
    AgentSession session = sessionId == null ? null
        : new AgentSession(id, sessionId, rs.getString("replica_id"), rs.getString("remote_address"), instant(rs, "connected_at"));
    return new Host(id, rs.getObject("organization_id", UUID.class), rs.getObject("workspace_id", UUID.class),
        rs.getString("name"), rs.getString("lifecycle"), rs.getString("labels"), rs.getString("agent_version"),
        (Integer) rs.getObject("protocol_version"), rs.getString("facts"), rs.getString("modules"),
        (Long) rs.getObject("uptime_seconds"), instant(rs, "created_at"), instant(rs, "enrolled_at"),
        rs.getObject("enrolled_with", UUID.class), instant(rs, "last_seen_at"), instant(rs, "revoked_at"),
        rs.getString("revoked_by"), session);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
