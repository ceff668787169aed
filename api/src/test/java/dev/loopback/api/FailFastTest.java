package dev.loopback.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** An unreachable external dependency stops startup with a message naming it and the setting to fix. */
class FailFastTest {

  @Test
  void unreachableExternalPostgresStopsStartupNamingIt(@TempDir Path dataDir) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/loopback";

    assertThatThrownBy(() -> start("--loopback.data-dir=" + dataDir, "--loopback.db.url=" + url, "--loopback.db.username=x"))
        .hasRootCauseInstanceOf(java.net.ConnectException.class)
        .satisfies(e -> assertThat(dependencyFailure(e).getMessage()).startsWith("PostgreSQL at " + url + " is unreachable"))
        .satisfies(e -> assertThat(dependencyFailure(e).setting()).contains("LOOPBACK_DB_URL"));
  }

  @Test
  void unreachableExternalTemporalStopsStartupNamingIt(@TempDir Path dataDir) throws Exception {
    String target = "127.0.0.1:" + closedPort();

    assertThatThrownBy(() -> start("--loopback.data-dir=" + dataDir, "--loopback.temporal.target=" + target))
        .satisfies(e -> assertThat(dependencyFailure(e).getMessage()).startsWith("Temporal at " + target + " is unreachable"))
        .satisfies(e -> assertThat(dependencyFailure(e).setting()).isEqualTo("LOOPBACK_TEMPORAL_TARGET"));
  }

  private static void start(String... args) {
    new SpringApplicationBuilder(LoopbackApplication.class).run(concat(args, "--server.port=0")).close();
  }

  private static DependencyUnreachableException dependencyFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DependencyUnreachableException found) {
        return found;
      }
    }
    throw new AssertionError("no DependencyUnreachableException in " + e);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String[] concat(String[] args, String more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = more;
    return all;
  }
}
