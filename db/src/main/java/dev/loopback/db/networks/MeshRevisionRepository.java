package dev.loopback.db.networks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * Hosts' mesh revisions (what each is made of, as JSON, and the configuration's content hash) and
 * each host's desired and applied revision.
 */
@Repository
public class MeshRevisionRepository {
  private static final int CHUNK = 1000;
  private final NamedParameterJdbcTemplate jdbc;

  public MeshRevisionRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public record StoredRevision(UUID hostId, long revision, String hash, String compositionJson) {
  }

  /** Where a host is: its desired revision (0: none yet) and the one its agent last applied. */
  public record HostMeshState(UUID hostId, long desiredRevision, long appliedRevision, String outcome, String detail, Instant updatedAt) {
  }

  public record NewRevision(UUID hostId, long revision, String hash, String compositionJson) {
  }

  public Optional<StoredRevision> find(UUID hostId, long revision) {
    return jdbc.query("SELECT host_id, revision, hash, composition::text AS composition FROM mesh_revisions WHERE host_id = :host AND revision = :rev",
        new MapSqlParameterSource().addValue("host", hostId).addValue("rev", revision), MeshRevisionRepository::revision).stream().findFirst();
  }

  /** The revision the host should have now (its desired one), if it has any. */
  public Optional<StoredRevision> desired(UUID hostId) {
    return jdbc.query("""
        SELECT r.host_id, r.revision, r.hash, r.composition::text AS composition FROM host_mesh_states s
        JOIN mesh_revisions r ON r.host_id = s.host_id AND r.revision = s.desired_revision WHERE s.host_id = :host""",
        new MapSqlParameterSource("host", hostId), MeshRevisionRepository::revision).stream().findFirst();
  }

  public Optional<HostMeshState> state(UUID hostId) {
    return jdbc.query("SELECT * FROM host_mesh_states WHERE host_id = :host", new MapSqlParameterSource("host", hostId),
        (rs, row) -> state(rs)).stream().findFirst();
  }


  /** A host's state row as a planning round sees it: its desired revision, and which network's round holds it since when. */
  public record LockedState(HostMeshState state, StoredRevision desired, UUID roundNetwork, Instant roundClaimedAt) {
  }

  /**
   * These hosts' states and desired revisions, their state rows locked until the transaction ends, in
   * one query per thousand hosts: two networks' rounds that touch one host take turns at planning.
   * Hosts with no revision yet are not returned (and not locked; their first revision's key is).
   */
  public List<LockedState> lockStates(Collection<UUID> hostIds) {
    List<UUID> sorted = hostIds.stream().sorted().toList();
    List<LockedState> found = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += CHUNK) {
      List<UUID> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
      found.addAll(jdbc.query("""
          SELECT s.*, r.revision, r.hash, r.composition::text AS composition FROM host_mesh_states s
          JOIN mesh_revisions r ON r.host_id = s.host_id AND r.revision = s.desired_revision
          WHERE s.host_id IN (:ids) ORDER BY s.host_id FOR UPDATE OF s""",
          new MapSqlParameterSource("ids", chunk),
          (rs, row) -> new LockedState(state(rs), revision(rs, row), rs.getObject("round_network", UUID.class),
              Optional.ofNullable(rs.getTimestamp("round_claimed_at")).map(Timestamp::toInstant).orElse(null))));
    }
    return found;
  }

  /**
   * Stores each host's next revision, makes it the desired one and claims the host for the network's
   * round ({@link #claim}). A revision number taken by a concurrent writer fails the whole batch on
   * its primary key, and the caller plans again.
   */
  public void appendAll(List<NewRevision> revisions, UUID networkId, Instant at) {
    Timestamp time = Timestamp.from(at);
    SqlParameterSource[] rows = revisions.stream().map(r -> new MapSqlParameterSource().addValue("host", r.hostId())
        .addValue("rev", r.revision()).addValue("hash", r.hash()).addValue("composition", r.compositionJson()).addValue("at", time)
        .addValue("network", networkId))
        .toArray(SqlParameterSource[]::new);
    jdbc.batchUpdate("""
        INSERT INTO mesh_revisions (host_id, revision, hash, composition, created_at)
        VALUES (:host, :rev, :hash, CAST(:composition AS jsonb), :at)""", rows);
    jdbc.batchUpdate("""
        INSERT INTO host_mesh_states (host_id, desired_revision, updated_at, round_network, round_claimed_at)
        VALUES (:host, :rev, :at, :network, :at)
        ON CONFLICT (host_id) DO UPDATE SET desired_revision = EXCLUDED.desired_revision, updated_at = EXCLUDED.updated_at,
            round_network = EXCLUDED.round_network, round_claimed_at = EXCLUDED.round_claimed_at""", rows);
  }

  /** These revisions (host → revision), in a few queries however many there are. */
  public List<StoredRevision> findAll(Map<UUID, Long> wanted) {
    List<Map.Entry<UUID, Long>> entries = new ArrayList<>(wanted.entrySet());
    List<StoredRevision> found = new ArrayList<>();
    for (int from = 0; from < entries.size(); from += CHUNK) {
      List<Map.Entry<UUID, Long>> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
      found.addAll(jdbc.query("""
          SELECT r.host_id, r.revision, r.hash, r.composition::text AS composition
          FROM unnest(CAST(:hosts AS uuid[]), CAST(:revs AS bigint[])) AS wanted (host_id, revision)
          JOIN mesh_revisions r ON r.host_id = wanted.host_id AND r.revision = wanted.revision""",
          new MapSqlParameterSource().addValue("hosts", array(chunk.stream().map(e -> e.getKey().toString()).toList()))
              .addValue("revs", array(chunk.stream().map(e -> e.getValue().toString()).toList())),
          MeshRevisionRepository::revision));
    }
    return found;
  }

  public List<HostMeshState> states(Collection<UUID> hostIds) {
    List<UUID> ids = List.copyOf(hostIds);
    List<HostMeshState> found = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      found.addAll(jdbc.query("SELECT * FROM host_mesh_states WHERE host_id IN (:ids)",
          new MapSqlParameterSource("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK))),
          (rs, row) -> state(rs)));
    }
    return found;
  }

  /** The highest revision number each host has (desired ones can be lower, after a rollback). */
  public Map<UUID, Long> highestRevisions(Collection<UUID> hostIds) {
    List<UUID> ids = List.copyOf(hostIds);
    Map<UUID, Long> highest = new HashMap<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      jdbc.query("SELECT host_id, MAX(revision) AS highest FROM mesh_revisions WHERE host_id IN (:ids) GROUP BY host_id",
          new MapSqlParameterSource("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK))),
          rs -> {
            highest.put(rs.getObject("host_id", UUID.class), rs.getLong("highest"));
          });
    }
    return highest;
  }

  /** Claims these hosts for a network's round, until {@link #recordRound} releases each. */
  public void claim(Collection<UUID> hostIds, UUID networkId, Instant at) {
    List<UUID> ids = List.copyOf(hostIds);
    for (int from = 0; from < ids.size(); from += CHUNK) {
      jdbc.update("UPDATE host_mesh_states SET round_network = :network, round_claimed_at = :at WHERE host_id IN (:ids)",
          new MapSqlParameterSource("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK))).addValue("network", networkId)
              .addValue("at", Timestamp.from(at)));
    }
  }

  /** How a round left one host. */
  public record RoundResult(UUID hostId, long desiredRevision, long appliedRevision, String outcome, String detail) {
  }

  /**
   * Records a round's results and releases its claims, except on hosts another network's round has
   * taken over since (the claim had expired): that round's result is the one to keep.
   */
  public void recordRound(UUID networkId, List<RoundResult> results, Instant at) {
    Timestamp time = Timestamp.from(at);
    jdbc.batchUpdate("""
        UPDATE host_mesh_states SET desired_revision = :desired, applied_revision = :applied, outcome = :outcome, detail = :detail,
               updated_at = :at, round_network = NULL, round_claimed_at = NULL
         WHERE host_id = :host AND (round_network IS NULL OR round_network = :network)""",
        results.stream().map(r -> new MapSqlParameterSource().addValue("host", r.hostId()).addValue("network", networkId)
            .addValue("desired", r.desiredRevision()).addValue("applied", r.appliedRevision()).addValue("outcome", r.outcome())
            .addValue("detail", r.detail()).addValue("at", time)).toArray(SqlParameterSource[]::new));
  }

  /**
   * What the host's agent says its interface runs, when that is a stored revision with this very
   * hash: the base of its next delta. A host asked to re-apply keeps its forgotten state.
   * @return whether the recorded applied revision changed
   */
  public boolean recordRunning(UUID hostId, long revision, String hash, Instant at) {
    return jdbc.update("""
        UPDATE host_mesh_states s SET applied_revision = :rev, updated_at = :at FROM mesh_revisions r
         WHERE s.host_id = :host AND r.host_id = :host AND r.revision = :rev AND r.hash = :hash
           AND s.applied_revision <> :rev AND s.outcome IS DISTINCT FROM 'REAPPLY'""",
        new MapSqlParameterSource().addValue("host", hostId).addValue("rev", revision).addValue("hash", hash)
            .addValue("at", Timestamp.from(at))) > 0;
  }

  /** Forgets what the host applied, so that the next round of its networks sends it its revision again. */
  public int forgetApplied(UUID hostId, Instant at) {
    return jdbc.update("UPDATE host_mesh_states SET applied_revision = 0, outcome = 'REAPPLY', detail = NULL, updated_at = :at WHERE host_id = :host",
        new MapSqlParameterSource().addValue("host", hostId).addValue("at", Timestamp.from(at)));
  }

  private static String array(List<String> values) {
    return "{" + String.join(",", values) + "}";
  }

  private static HostMeshState state(ResultSet rs) throws SQLException {
    return new HostMeshState(rs.getObject("host_id", UUID.class), rs.getLong("desired_revision"), rs.getLong("applied_revision"),
        rs.getString("outcome"), rs.getString("detail"), rs.getTimestamp("updated_at").toInstant());
  }

  private static StoredRevision revision(ResultSet rs, int row) throws SQLException {
    return new StoredRevision(rs.getObject("host_id", UUID.class), rs.getLong("revision"), rs.getString("hash"), rs.getString("composition"));
  }
}
