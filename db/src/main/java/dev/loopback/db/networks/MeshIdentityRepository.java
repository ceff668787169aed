package dev.loopback.db.networks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class MeshIdentityRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public MeshIdentityRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** @return true when the identity is new or changed (the mesh of the host's networks must follow) */
  public boolean record(UUID hostId, String publicKey, int listenPort, String endpointHost, Instant at) {
    return jdbc.update("""
        INSERT INTO host_mesh_identities (host_id, public_key, listen_port, endpoint_host, updated_at)
        VALUES (:host, :key, :port, :endpoint, :at)
        ON CONFLICT (host_id) DO UPDATE SET public_key = EXCLUDED.public_key, listen_port = EXCLUDED.listen_port,
            endpoint_host = EXCLUDED.endpoint_host, updated_at = EXCLUDED.updated_at
        WHERE host_mesh_identities.public_key <> EXCLUDED.public_key OR host_mesh_identities.listen_port <> EXCLUDED.listen_port
           OR host_mesh_identities.endpoint_host IS DISTINCT FROM EXCLUDED.endpoint_host""",
        new MapSqlParameterSource().addValue("host", hostId).addValue("key", publicKey).addValue("port", listenPort)
            .addValue("endpoint", endpointHost).addValue("at", Timestamp.from(at))) == 1;
  }

  /** @return false when the host has reported no identity yet */
  public boolean overrideEndpoint(UUID hostId, String endpoint, Instant at) {
    return jdbc.update("UPDATE host_mesh_identities SET endpoint_override = :endpoint, updated_at = :at WHERE host_id = :host",
        new MapSqlParameterSource().addValue("host", hostId).addValue("endpoint", endpoint).addValue("at", Timestamp.from(at))) == 1;
  }

  public List<MeshIdentity> of(Collection<UUID> hostIds) {
    if (hostIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query("SELECT * FROM host_mesh_identities WHERE host_id IN (:ids)", new MapSqlParameterSource("ids", hostIds),
        (rs, row) -> new MeshIdentity(rs.getObject("host_id", UUID.class), rs.getString("public_key"), rs.getInt("listen_port"),
            rs.getString("endpoint_host"), rs.getString("endpoint_override"), rs.getTimestamp("updated_at").toInstant()));
  }
}
