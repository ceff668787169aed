package dev.loopback.api.embedded;

import com.zaxxer.hikari.HikariDataSource;
import dev.loopback.api.DependencyUnreachableException;
import dev.loopback.api.LoopbackProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one DataSource: the embedded PostgreSQL when {@code LOOPBACK_DB_URL} is unset, else the
 * external server, checked at startup so a wrong URL fails fast with a clear message.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

  static final String DATABASE = "postgres";

  /** Present only in embedded mode; destroyed after the pool, since the pool depends on it. */
  @Bean(destroyMethod = "close")
  EmbeddedPostgresHandle embeddedPostgres(LoopbackProperties properties) {
    if (!properties.db().embedded()) {
      return EmbeddedPostgresHandle.NONE;
    }
    return new EmbeddedPostgresHandle(EmbeddedPostgresLauncher.start(properties.dataDir(), properties.db().embeddedPort()));
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(LoopbackProperties properties, ObjectProvider<EmbeddedPostgresHandle> embedded) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("loopback");
    pool.setMaximumPoolSize(20);
    pool.setConnectionTimeout(5_000);
    // A mesh round stores a revision per host: batches of inserts become multi-row statements.
    pool.addDataSourceProperty("reWriteBatchedInserts", "true");
    EmbeddedPostgres postgres = embedded.getObject().postgres();
    if (postgres != null) {
      pool.setJdbcUrl(postgres.getJdbcUrl("postgres", DATABASE));
      pool.setUsername("postgres");
    } else {
      pool.setJdbcUrl(properties.db().url());
      pool.setUsername(properties.db().username());
      pool.setPassword(properties.db().password());
    }
    checkReachable(pool, postgres == null ? properties.db().url() : "embedded");
    return pool;
  }

  private static void checkReachable(HikariDataSource pool, String where) {
    try (Connection connection = pool.getConnection()) {
      connection.isValid(5);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new DependencyUnreachableException("PostgreSQL", where, "LOOPBACK_DB_URL / LOOPBACK_DB_USERNAME / LOOPBACK_DB_PASSWORD", e);
    }
  }

  /** Holder so that "no embedded database" is a bean too, keeping the pool's dependency explicit. */
  record EmbeddedPostgresHandle(EmbeddedPostgres postgres) implements AutoCloseable {

    static final EmbeddedPostgresHandle NONE = new EmbeddedPostgresHandle(null);

    @Override
    public void close() throws Exception {
      if (postgres != null) {
        postgres.close();
      }
    }
  }
}
