package dev.loopback.db.networks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stored mesh revisions per host (configuration JSON + content hash) and each host's desired/applied revision. */
@Repository
public class MeshRevisionRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public MeshRevisionRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public record StoredRevision(UUID hostId, long revision, String hash, String configJson) {
  }

  public Optional<StoredRevision> find(UUID hostId, long revision) {
    return jdbc.query("SELECT host_id, revision, hash, config::text AS config FROM mesh_revisions WHERE host_id = :host AND revision = :rev",
        new MapSqlParameterSource().addValue("host", hostId).addValue("rev", revision),
        (rs, row) -> new StoredRevision(hostId, rs.getLong("revision"), rs.getString("hash"), rs.getString("config"))).stream().findFirst();
  }

  /** The revision the host should have now (its desired one), if it has any. */
  public Optional<StoredRevision> desired(UUID hostId) {
    return jdbc.query("""
        SELECT r.host_id, r.revision, r.hash, r.config::text AS config FROM host_mesh_states s
        JOIN mesh_revisions r ON r.host_id = s.host_id AND r.revision = s.desired_revision WHERE s.host_id = :host""",
        new MapSqlParameterSource("host", hostId),
        (rs, row) -> new StoredRevision(hostId, rs.getLong("revision"), rs.getString("hash"), rs.getString("config"))).stream().findFirst();
  }

  /** Stores the next revision of the host and makes it the desired one; returns its number. */
  public long append(UUID hostId, String hash, String configJson, Instant at) {
    Long next = jdbc.queryForObject("SELECT COALESCE(MAX(revision), 0) + 1 FROM mesh_revisions WHERE host_id = :host",
        new MapSqlParameterSource("host", hostId), Long.class);
    var params = new MapSqlParameterSource().addValue("host", hostId).addValue("rev", next).addValue("hash", hash)
        .addValue("config", configJson).addValue("at", Timestamp.from(at));
    jdbc.update("INSERT INTO mesh_revisions (host_id, revision, hash, config, created_at) VALUES (:host, :rev, :hash, CAST(:config AS jsonb), :at)",
        params);
    jdbc.update("""
        INSERT INTO host_mesh_states (host_id, desired_revision, updated_at) VALUES (:host, :rev, :at)
        ON CONFLICT (host_id) DO UPDATE SET desired_revision = EXCLUDED.desired_revision, updated_at = EXCLUDED.updated_at""", params);
    return next;
  }

  /** What the agent reported; a rollback also sets the desired revision back. */
  public void recordOutcome(UUID hostId, long desiredRevision, long appliedRevision, String outcome, String detail, Instant at) {
    jdbc.update("""
        UPDATE host_mesh_states SET desired_revision = :desired, applied_revision = :applied, outcome = :outcome, detail = :detail,
               updated_at = :at WHERE host_id = :host""",
        new MapSqlParameterSource().addValue("host", hostId).addValue("desired", desiredRevision).addValue("applied", appliedRevision)
            .addValue("outcome", outcome).addValue("detail", detail).addValue("at", Timestamp.from(at)));
  }
}
