package dev.loopback.db.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Channels, signing keys, releases and their packages. Duplicate keys surface as Spring's DuplicateKeyException. */
@Repository
public class CatalogRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public CatalogRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public List<ReleaseChannel> channels() {
    return jdbc.query("SELECT name, allows_prereleases FROM release_channels ORDER BY name", (rs, row) ->
        new ReleaseChannel(rs.getString("name"), rs.getBoolean("allows_prereleases")));
  }

  public void insertChannel(ReleaseChannel channel, Instant at) {
    jdbc.update("INSERT INTO release_channels (name, allows_prereleases, created_at) VALUES (:name, :pre, :at)",
        new MapSqlParameterSource().addValue("name", channel.name()).addValue("pre", channel.allowsPrereleases())
            .addValue("at", Timestamp.from(at)));
  }

  public List<SigningKey> signingKeys() {
    return jdbc.query("SELECT * FROM signing_keys ORDER BY created_at, id", (rs, row) -> new SigningKey(rs.getString("id"),
        rs.getString("public_key"), rs.getTimestamp("created_at").toInstant(), instant(rs, "retired_at")));
  }

  public void insertSigningKey(String id, String publicKey, Instant at) {
    jdbc.update("INSERT INTO signing_keys (id, public_key, created_at) VALUES (:id, :key, :at)",
        new MapSqlParameterSource().addValue("id", id).addValue("key", publicKey).addValue("at", Timestamp.from(at)));
  }

  /** @return false when there is no such active key */
  public boolean retireSigningKey(String id, Instant at) {
    return jdbc.update("UPDATE signing_keys SET retired_at = :at WHERE id = :id AND retired_at IS NULL",
        new MapSqlParameterSource().addValue("id", id).addValue("at", Timestamp.from(at))) == 1;
  }

  public void insertRelease(Release release) {
    jdbc.update("""
        INSERT INTO releases (id, component, version, channel, eligibility, requires_core, module_tags, notes, created_at)
        VALUES (:id, :component, :version, :channel, :eligibility, :requiresCore, CAST(:tags AS text[]), :notes, :at)""",
        new MapSqlParameterSource().addValue("id", release.id()).addValue("component", release.component())
            .addValue("version", release.version()).addValue("channel", release.channel()).addValue("eligibility", release.eligibility())
            .addValue("requiresCore", release.requiresCore()).addValue("tags", textArray(release.moduleTags()))
            .addValue("notes", release.notes()).addValue("at", Timestamp.from(release.createdAt())));
  }

  public Optional<Release> findRelease(String component, String version) {
    return jdbc.query("SELECT * FROM releases WHERE component = :component AND version = :version",
        new MapSqlParameterSource().addValue("component", component).addValue("version", version), CatalogRepository::release)
        .stream().findFirst();
  }

  /** Releases of a component (all when null), newest first by creation. */
  public List<Release> releases(String component) {
    return jdbc.query("SELECT * FROM releases WHERE (CAST(:component AS text) IS NULL OR component = :component) ORDER BY created_at DESC",
        new MapSqlParameterSource("component", component), CatalogRepository::release);
  }

  /** Every published release: what update checks are answered from. */
  public List<Release> publishedReleases() {
    return jdbc.query("SELECT * FROM releases WHERE published", CatalogRepository::release);
  }

  /** @return false when the release was published already: published releases do not change */
  public boolean publish(UUID releaseId, Instant at) {
    return jdbc.update("UPDATE releases SET published = true, published_at = :at WHERE id = :id AND NOT published",
        new MapSqlParameterSource().addValue("id", releaseId).addValue("at", Timestamp.from(at))) == 1;
  }

  /** Text that changes whenever a release is published or a channel added: replicas poll it to refresh what they answer from. */
  public String publishedStamp() {
    return jdbc.queryForObject("""
        SELECT count(*) || '@' || coalesce(max(published_at)::text, '') || '/' || (SELECT count(*) FROM release_channels)
        FROM releases WHERE published""", new MapSqlParameterSource(), String.class);
  }

  public void insertArtifact(ReleaseArtifact artifact) {
    jdbc.update("""
        INSERT INTO release_artifacts (release_id, arch, format, file_name, size, sha512, signature, signature_key_id, created_at)
        VALUES (:release, :arch, :format, :file, :size, :sha512, :signature, :keyId, :at)""",
        new MapSqlParameterSource().addValue("release", artifact.releaseId()).addValue("arch", artifact.arch())
            .addValue("format", artifact.format()).addValue("file", artifact.fileName()).addValue("size", artifact.size())
            .addValue("sha512", artifact.sha512()).addValue("signature", artifact.signature()).addValue("keyId", artifact.signatureKeyId())
            .addValue("at", Timestamp.from(artifact.createdAt())));
  }

  public void deleteArtifact(UUID releaseId, String arch, String format) {
    jdbc.update("DELETE FROM release_artifacts WHERE release_id = :id AND arch = :arch AND format = :format",
        new MapSqlParameterSource().addValue("id", releaseId).addValue("arch", arch).addValue("format", format));
  }

  public List<ReleaseArtifact> artifacts(UUID releaseId) {
    return jdbc.query("SELECT * FROM release_artifacts WHERE release_id = :id ORDER BY arch, format",
        new MapSqlParameterSource("id", releaseId), CatalogRepository::artifact);
  }

  public List<ReleaseArtifact> publishedArtifacts() {
    return jdbc.query("SELECT a.* FROM release_artifacts a JOIN releases r ON r.id = a.release_id WHERE r.published",
        CatalogRepository::artifact);
  }

  private static Release release(ResultSet rs, int row) throws SQLException {
    Array tags = rs.getArray("module_tags");
    return new Release(rs.getObject("id", UUID.class), rs.getString("component"), rs.getString("version"), rs.getString("channel"),
        rs.getString("eligibility"), rs.getString("requires_core"), Arrays.asList((String[]) tags.getArray()), rs.getString("notes"),
        rs.getBoolean("published"), instant(rs, "published_at"), rs.getTimestamp("created_at").toInstant());
  }

  private static ReleaseArtifact artifact(ResultSet rs, int row) throws SQLException {
    return new ReleaseArtifact(rs.getObject("release_id", UUID.class), rs.getString("arch"), rs.getString("format"),
        rs.getString("file_name"), rs.getLong("size"), rs.getString("sha512"), rs.getString("signature"),
        rs.getString("signature_key_id"), rs.getTimestamp("created_at").toInstant());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp time = rs.getTimestamp(column);
    return time == null ? null : time.toInstant();
  }

  /** A text[] literal; tags are checked against a plain pattern before they get here. */
  private static String textArray(List<String> values) {
    return "{" + String.join(",", values) + "}";
  }
}
