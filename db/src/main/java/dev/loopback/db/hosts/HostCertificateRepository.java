package dev.loopback.db.hosts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Serials of the client certificates issued to hosts: a certificate we did not record is not accepted. */
@Repository
public class HostCertificateRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public HostCertificateRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void record(String serial, UUID hostId, Instant issuedAt, Instant notAfter, String reason) {
    jdbc.update("""
        INSERT INTO host_certificates (serial, host_id, issued_at, not_after, reason)
        VALUES (:serial, :host, :issued, :notAfter, :reason)""",
        new MapSqlParameterSource().addValue("serial", serial).addValue("host", hostId)
            .addValue("issued", Timestamp.from(issuedAt)).addValue("notAfter", Timestamp.from(notAfter)).addValue("reason", reason));
  }

  /** True when the serial was issued to this host and the host is not revoked. */
  public boolean isValidFor(String serial, UUID hostId) {
    Boolean valid = jdbc.queryForObject("""
        SELECT EXISTS (SELECT 1 FROM host_certificates c JOIN hosts h ON h.id = c.host_id
                       WHERE c.serial = :serial AND c.host_id = :host AND h.revoked_at IS NULL)""",
        new MapSqlParameterSource().addValue("serial", serial).addValue("host", hostId), Boolean.class);
    return Boolean.TRUE.equals(valid);
  }
}
