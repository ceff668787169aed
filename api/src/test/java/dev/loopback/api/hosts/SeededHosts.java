package dev.loopback.api.hosts;

import dev.loopback.db.hosts.AgentSession;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.HostRepository;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Puts hosts and sessions straight into the database, the way the agent channel would after
 * enrollment and heartbeats, so inventory tests need no agents.
 */
final class SeededHosts {

  static final String FACTS = """
      {"hostname":"%s","os":"Debian GNU/Linux 12","kernel":"6.1.0-18-amd64","architecture":"amd64","addresses":["10.0.0.5"]}""";

  private final HostRepository hosts;
  private final AgentSessionRepository sessions;
  private final JdbcClient jdbc;

  SeededHosts(HostRepository hosts, AgentSessionRepository sessions, JdbcClient jdbc) {
    this.hosts = hosts;
    this.sessions = sessions;
    this.jdbc = jdbc;
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** An enrolled host still in bring-up (lifecycle PENDING), last seen when it was created, with no channel. */
  UUID enrolled(UUID workspace, String name, Instant createdAt) {
    UUID id = UUID.randomUUID();
    hosts.insertEnrolled(id, organizationOf(workspace), workspace, name, "PENDING", null, 1, "1.0.0",
        FACTS.formatted(name), createdAt);
    return id;
  }

  /** A pre-registered host that has not enrolled yet. */
  UUID preRegistered(UUID workspace, String name, Instant createdAt) {
    UUID id = UUID.randomUUID();
    jdbc.sql("""
        INSERT INTO hosts (id, organization_id, workspace_id, name, lifecycle, created_at)
        VALUES (?, ?, ?, ?, 'PENDING', ?)""")
        .params(id, organizationOf(workspace), workspace, name, Timestamp.from(createdAt)).update();
    return id;
  }

  /** The host holds a channel on replica-a and beat just now. */
  SeededHosts connected(UUID host) {
    sessions.open(new AgentSession(host, UUID.randomUUID(), "replica-a", "192.0.2.7:51234", now()));
    return seenAt(host, now());
  }

  SeededHosts seenAt(UUID host, Instant at) {
    return set(host, "last_seen_at = ?", at == null ? null : Timestamp.from(at));
  }

  SeededHosts lifecycle(UUID host, String lifecycle) {
    return set(host, "lifecycle = ?", lifecycle);
  }

  SeededHosts version(UUID host, String agentVersion) {
    return set(host, "agent_version = ?", agentVersion);
  }

  SeededHosts labels(UUID host, String labelsJson) {
    return set(host, "labels = CAST(? AS jsonb)", labelsJson);
  }

  SeededHosts revoked(UUID host) {
    return set(host, "revoked_at = ?, revoked_by = 'user:seed'", Timestamp.from(now()));
  }

  private SeededHosts set(UUID host, String assignment, Object value) {
    jdbc.sql("UPDATE hosts SET " + assignment + " WHERE id = ?").params(value, host).update();
    return this;
  }

  private UUID organizationOf(UUID workspace) {
    return jdbc.sql("SELECT organization_id FROM workspaces WHERE id = ?").param(workspace).query(UUID.class).single();
  }
}
