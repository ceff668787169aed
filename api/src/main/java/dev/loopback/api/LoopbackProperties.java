package dev.loopback.api;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deployment settings ({@code loopback.*}, mostly from {@code LOOPBACK_*} environment variables).
 * A blank {@code db.url} or {@code temporal.target} selects the embedded PostgreSQL or Temporal.
 */
@ConfigurationProperties("loopback")
public record LoopbackProperties(Path dataDir, Db db, Temporal temporal, Schedules schedules) {

  public LoopbackProperties {
    dataDir = dataDir == null ? Path.of(".loopback") : dataDir;
    db = db == null ? new Db(null, null, null, 0) : db;
    temporal = temporal == null ? new Temporal(null, null, 0) : temporal;
    schedules = schedules == null ? new Schedules(null) : schedules;
  }

  /** @param embeddedPort port of the embedded PostgreSQL; 0 picks a free one */
  public record Db(String url, String username, String password, int embeddedPort) {

    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }

  /** @param embeddedPort gRPC port of the embedded Temporal; 0 picks a free one */
  public record Temporal(String target, String namespace, int embeddedPort) {

    public Temporal {
      namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    public boolean embedded() {
      return target == null || target.isBlank();
    }
  }

  /** UNIX cron expressions (5 fields, UTC) of the scheduled workflows. */
  public record Schedules(String tokenHygiene) {

    public Schedules {
      tokenHygiene = tokenHygiene == null || tokenHygiene.isBlank() ? "*/15 * * * *" : tokenHygiene;
    }
  }
}
