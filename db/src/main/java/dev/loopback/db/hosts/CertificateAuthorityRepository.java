package dev.loopback.db.hosts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The stored agent-channel CA: its certificate and its encrypted private key, shared by all replicas. */
@Repository
public class CertificateAuthorityRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public CertificateAuthorityRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public record StoredCa(String certificatePem, String encryptedKeyPem) {
  }

  public Optional<StoredCa> find(String name) {
    return jdbc.query("SELECT certificate_pem, encrypted_key_pem FROM certificate_authorities WHERE name = :name",
        new MapSqlParameterSource("name", name),
        (rs, row) -> new StoredCa(rs.getString(1), rs.getString(2))).stream().findFirst();
  }

  /** Stores the CA unless another replica stored one first; returns false then (read theirs). */
  public boolean insertIfAbsent(String name, StoredCa ca, Instant at) {
    return jdbc.update("""
        INSERT INTO certificate_authorities (name, certificate_pem, encrypted_key_pem, created_at)
        VALUES (:name, :cert, :key, :at) ON CONFLICT (name) DO NOTHING""",
        new MapSqlParameterSource().addValue("name", name).addValue("cert", ca.certificatePem())
            .addValue("key", ca.encryptedKeyPem()).addValue("at", Timestamp.from(at))) == 1;
  }
}
