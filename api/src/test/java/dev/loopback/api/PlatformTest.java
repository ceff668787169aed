package dev.loopback.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.loopback.activities.access.Bootstrap;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.assertj.core.api.Assertions;

/** First start, migrations, health, metrics and API docs of a running control plane. */
@ApiTest
class PlatformTest {

  @Autowired Fleet fleet;
  @Autowired Bootstrap bootstrap;
  @Autowired JdbcClient jdbc;

  @Test
  void firstStartWroteTheOwnerKeyReadableOnlyByItsOwnerAndNeverBootstrapsTwice() throws Exception {
    var file = fleet.dataDir().resolve("bootstrap-owner-key");
    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(fleet.get(fleet.ownerKey(), "/api/v1/me").get("organizationRole").asText()).isEqualTo("owner");

    assertThat(bootstrap.initializeIfEmpty()).isEmpty();
    assertThat(jdbc.sql("SELECT count(*) FROM organizations WHERE name = 'default'").query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'organization.bootstrap'").query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void embeddedDatabaseFilesAreClosedToOtherUsers() throws Exception {
    for (String dir : new String[] {"postgres", "pg-binaries"}) {
      assertThat(Files.getPosixFilePermissions(fleet.dataDir().resolve(dir))).as(dir)
          .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ);
    }
  }

  @Test
  void everyChangesetRanOnTheRealPostgres() {
    assertThat(jdbc.sql("SELECT id FROM databasechangelog ORDER BY orderexecuted").query(String.class).list())
        .containsExactly("001-tenancy", "002-audit", "003-agent-tokens", "004-hosts", "005-host-machines", "006-networks",
            "007-mesh-snapshots", "008-mesh-round-claims", "009-catalog", "010-workspace-modules", "011-agent-updates", "012-workspace-module-revisions", "013-network-apply-requests");
    assertThat(jdbc.sql("SELECT current_setting('server_version_num')::int").query(Integer.class).single()).isGreaterThanOrEqualTo(150000);
  }

  @Test
  void schemaRefusesValuesTheDomainNeverWrites() {
    Assertions.assertThatThrownBy(() -> jdbc.sql(
            "INSERT INTO role_bindings (id, user_id, organization_id, role, created_at) "
                + "SELECT gen_random_uuid(), u.id, u.organization_id, 'superuser', now() FROM users u LIMIT 1").update())
        .isInstanceOf(DataIntegrityViolationException.class);
    Assertions.assertThatThrownBy(() -> jdbc.sql(
            "INSERT INTO agent_tokens (id, workspace_id, lookup, secret_hash, lifetime, created_at, created_by, expires_at, max_uses, uses) "
                + "SELECT gen_random_uuid(), w.id, 'x', '\\x00', 'short-lived', now(), 't', now(), 1, 2 FROM workspaces w LIMIT 1").update())
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void healthReportsPostgresAndTemporal() throws Exception {
    var health = fleet.read(fleet.send(null, get("/actuator/health"), null));
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/temporal/status").asText()).isEqualTo("UP");
  }

  @Test
  void prometheusMetricsAndOpenApiAreServed() throws Exception {
    var metrics = fleet.send(null, get("/actuator/prometheus"), null).getResponse();
    assertThat(metrics.getStatus()).isEqualTo(200);
    assertThat(metrics.getContentAsString()).contains("jvm_memory_used_bytes");

    var docs = fleet.read(fleet.send(null, get("/v3/api-docs"), null));
    assertThat(docs.at("/paths").has("/api/v1/workspaces/{workspaceId}/agent-tokens")).isTrue();
    assertThat(fleet.send(null, get("/swagger-ui/index.html"), null).getResponse().getStatus()).isEqualTo(200);
  }
}
