package dev.loopback.db.hosts;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Inventory reads and operator writes on hosts: filtered lists, labels, revocation. */
@Repository
public class HostInventoryRepository {
  private final NamedParameterJdbcTemplate jdbc;

  public HostInventoryRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }
}
