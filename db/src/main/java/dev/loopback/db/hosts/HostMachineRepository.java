package dev.loopback.db.hosts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The machines behind provisioned hosts, written by the bring-up and power workflows' activities. */
@Repository
public class HostMachineRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public HostMachineRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<HostMachine> find(UUID hostId) {
    return jdbc.query("SELECT * FROM host_machines WHERE host_id = :host", new MapSqlParameterSource("host", hostId),
        HostMachineRepository::map).stream().findFirst();
  }

  /** Records the machine a provider accepted to create; a retry with the same machine changes nothing. */
  public void attach(UUID hostId, String provider, String machineId, UUID installTokenId, Instant at) {
    jdbc.update("""
        INSERT INTO host_machines (host_id, provider, machine_id, install_token_id, created_at, power_state)
        VALUES (:host, :provider, :machine, :token, :at, 'CREATING')
        ON CONFLICT (host_id) DO NOTHING""",
        new MapSqlParameterSource().addValue("host", hostId).addValue("provider", provider).addValue("machine", machineId)
            .addValue("token", installTokenId).addValue("at", Timestamp.from(at)));
  }

  public int recordState(UUID hostId, String powerState, Instant at) {
    return jdbc.update("UPDATE host_machines SET power_state = :state, power_changed_at = :at WHERE host_id = :host",
        new MapSqlParameterSource().addValue("host", hostId).addValue("state", powerState).addValue("at", Timestamp.from(at)));
  }

  public int recordDestroyed(UUID hostId, Instant at) {
    return jdbc.update("""
        UPDATE host_machines SET destroyed_at = COALESCE(destroyed_at, :at), power_state = 'GONE', power_changed_at = :at
        WHERE host_id = :host""",
        new MapSqlParameterSource().addValue("host", hostId).addValue("at", Timestamp.from(at)));
  }

  /** The outcome of a power action; {@code powerState} null leaves the last known state as it was. */
  public int recordPowerAction(UUID hostId, String action, String outcome, String powerState, String detail, Instant at) {
    return jdbc.update("""
        UPDATE host_machines SET power_action = :action, power_outcome = :outcome, power_detail = :detail,
               power_state = COALESCE(:state, power_state), power_changed_at = :at
        WHERE host_id = :host""",
        new MapSqlParameterSource().addValue("host", hostId).addValue("action", action).addValue("outcome", outcome)
            .addValue("state", powerState).addValue("detail", detail).addValue("at", Timestamp.from(at)));
  }

  private static HostMachine map(ResultSet rs, int row) throws SQLException {
    return new HostMachine(rs.getObject("host_id", UUID.class), rs.getString("provider"), rs.getString("machine_id"),
        rs.getObject("install_token_id", UUID.class), instant(rs, "created_at"), instant(rs, "destroyed_at"),
        rs.getString("power_state"), rs.getString("power_action"), rs.getString("power_outcome"), rs.getString("power_detail"),
        instant(rs, "power_changed_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
