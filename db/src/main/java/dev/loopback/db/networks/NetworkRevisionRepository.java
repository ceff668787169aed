package dev.loopback.db.networks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Network snapshots by revision (JSON, immutable once stored). */
@Repository
public class NetworkRevisionRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public NetworkRevisionRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public record StoredSnapshot(UUID networkId, long revision, String json) {
  }

  public Optional<StoredSnapshot> latest(UUID networkId) {
    return jdbc.query("""
        SELECT revision, snapshot::text AS snapshot FROM network_revisions WHERE network_id = :id ORDER BY revision DESC LIMIT 1""",
        new MapSqlParameterSource("id", networkId),
        (rs, row) -> new StoredSnapshot(networkId, rs.getLong("revision"), rs.getString("snapshot"))).stream().findFirst();
  }

  public Optional<StoredSnapshot> find(UUID networkId, long revision) {
    return jdbc.query("SELECT snapshot::text AS snapshot FROM network_revisions WHERE network_id = :id AND revision = :rev",
        new MapSqlParameterSource().addValue("id", networkId).addValue("rev", revision),
        (rs, row) -> new StoredSnapshot(networkId, revision, rs.getString("snapshot"))).stream().findFirst();
  }

  /** Fails on a duplicate key when another round stored this revision first; the caller plans again. */
  public void insert(UUID networkId, long revision, String json, Instant at) {
    jdbc.update("""
        INSERT INTO network_revisions (network_id, revision, snapshot, created_at) VALUES (:id, :rev, CAST(:json AS jsonb), :at)""",
        new MapSqlParameterSource().addValue("id", networkId).addValue("rev", revision).addValue("json", json)
            .addValue("at", Timestamp.from(at)));
  }
}
