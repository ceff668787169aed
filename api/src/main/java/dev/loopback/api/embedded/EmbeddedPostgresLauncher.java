package dev.loopback.api.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL binaries (from Maven) run as a child process, with their data directory under
 * the control plane's data dir so it survives restarts. Stopped with {@code pg_ctl stop -m fast}:
 * a clean checkpoint, nothing to recover on the next start.
 */
final class EmbeddedPostgresLauncher {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

  private EmbeddedPostgresLauncher() {}

  static EmbeddedPostgres start(Path dataDir, int port) {
    Path pgData = dataDir.resolve("postgres").toAbsolutePath();
    Path binaries = dataDir.resolve("pg-binaries").toAbsolutePath();
    try {
      Files.createDirectories(pgData);
      boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
      log.info("{} embedded PostgreSQL in {}", fresh ? "Initialising" : "Starting", pgData);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          // Binaries are unpacked beside the data, not in a shared /tmp another user could own.
          .setOverrideWorkingDirectory(binaries.toFile())
          .setPort(port)
          .setPGStartupWait(Duration.ofSeconds(60))
          // Durable commits: this is the control plane's real data, not a throwaway test database.
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("listen_addresses", "localhost")
          .start();
      // The library opens its unpack directory to everyone (it expects a shared /tmp); here it holds
      // the binaries we run, so nobody else may write to it. It unpacks once per JVM, so a second
      // instance in the same JVM (tests) reuses the first one's directory and has none of its own.
      if (Files.isDirectory(binaries)) {
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwx------"));
      }
      log.info("Embedded PostgreSQL listening on localhost:{}", postgres.getPort());
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgData, e);
    }
  }
}
