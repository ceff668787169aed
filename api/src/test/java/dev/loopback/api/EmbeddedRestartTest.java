package dev.loopback.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.tokens.AgentTokens;
import dev.loopback.activities.tokens.MintTokenRequest;
import dev.loopback.activities.audit.Actor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two real starts of the control plane on one data directory: what the first wrote, the second
 * reads; the first start's bootstrap is not repeated; the database was stopped cleanly.
 */
class EmbeddedRestartTest {

  @Test
  void dataWrittenBeforeAStopIsThereAfterTheRestartAndBootstrapRunsOnce(@TempDir Path dataDir) throws Exception {
    UUID workspace;
    UUID token;
    String ownerKey;
    try (ConfigurableApplicationContext first = start(dataDir)) {
      ownerKey = Files.readString(dataDir.resolve("bootstrap-owner-key")).strip();
      workspace = first.getBean(JdbcClient.class).sql("SELECT id FROM workspaces WHERE name = 'default'").query(UUID.class).single();
      token = first.getBean(AgentTokens.class)
          .mint(workspace, new MintTokenRequest("before restart", null, null, null), new Actor("user:test", "restart"))
          .token().id();
    }
    assertThat(dataDir.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped cleanly").doesNotExist();

    try (ConfigurableApplicationContext second = start(dataDir)) {
      assertThat(second.getBean(AgentTokens.class).get(workspace, token).description()).isEqualTo("before restart");
      assertThat(second.getBean(JdbcClient.class).sql("SELECT count(*) FROM organizations").query(Long.class).single()).isEqualTo(1);
      assertThat(Files.readString(dataDir.resolve("bootstrap-owner-key")).strip()).isEqualTo(ownerKey);
      UUID organization = second.getBean(JdbcClient.class).sql("SELECT id FROM organizations").query(UUID.class).single();
      assertThat(second.getBean(AuditLog.class).verify(organization).intact()).isTrue();
    }
  }

  private static ConfigurableApplicationContext start(Path dataDir) {
    // Command-line arguments, as an operator would pass them; they outrank application.yml.
    return new SpringApplicationBuilder(LoopbackApplication.class)
        .run("--loopback.data-dir=" + dataDir, "--loopback.temporal.embedded-port=0", "--server.port=0");
  }
}
