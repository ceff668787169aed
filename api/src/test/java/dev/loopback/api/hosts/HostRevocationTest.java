package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.hosts.HostRevoked;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.HostCertificateRepository;
import dev.loopback.db.hosts.HostRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@ApiTest
@RecordApplicationEvents
class HostRevocationTest {

  @Autowired Fleet fleet;
  @Autowired HostRepository hostRepository;
  @Autowired AgentSessionRepository sessions;
  @Autowired HostCertificateRepository certificates;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationEvents events;

  private SeededHosts seed;
  private UUID workspace;
  private String admin;
  private UUID host;

  @BeforeEach
  void connectedHostAndAnAdmin() throws Exception {
    seed = new SeededHosts(hostRepository, sessions, jdbc);
    workspace = fleet.createWorkspace("revoke-" + UUID.randomUUID().toString().substring(0, 8));
    admin = fleet.keyWithRole(workspace, "admin");
    host = seed.enrolled(workspace, "web-1", SeededHosts.now());
    seed.connected(host).lifecycle(host, "MANAGED");
  }

  @Test
  void revokedHostShowsRevokedWithWhoAndWhen() throws Exception {
    JsonNode revoked = fleet.call(admin, post(path()), null, 200);

    assertThat(revoked.get("state").asText()).isEqualTo("REVOKED");
    assertThat(revoked.get("revokedBy").asText()).startsWith("user:");
    assertThat(Instant.parse(revoked.get("revokedAt").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(fleet.get(admin, "/api/v1/workspaces/" + workspace + "/hosts/" + host).get("state").asText()).isEqualTo("REVOKED");
  }

  @Test
  void revocationIsAuditedAndAnnouncedSoTheGatewayCanDropTheChannel() throws Exception {
    fleet.send(admin, post(path()).header("X-Request-Id", "req-revoke-host-1"), null);

    var event = jdbc.sql("SELECT actor, request_id, outcome FROM audit_events WHERE target = ? AND action = 'host.revoke'")
        .param("host:" + host).query().singleRow();
    assertThat(event.get("actor").toString()).startsWith("user:");
    assertThat(event.get("request_id")).isEqualTo("req-revoke-host-1");
    assertThat(event.get("outcome")).isEqualTo("SUCCESS");
    assertThat(events.stream(HostRevoked.class)).containsExactly(new HostRevoked(host));
  }

  @Test
  void revokingTwiceIsAConflictAndIsAuditedAndAnnouncedOnce() throws Exception {
    JsonNode first = fleet.call(admin, post(path()), null, 200);
    JsonNode second = fleet.call(admin, post(path()), null, 409);

    assertThat(second.get("type").asText()).isEqualTo("/problems/conflict");
    assertThat(second.get("detail").asText()).contains("already revoked");
    assertThat(fleet.get(admin, "/api/v1/workspaces/" + workspace + "/hosts/" + host).get("revokedAt"))
        .isEqualTo(first.get("revokedAt"));
    assertThat(auditActions()).containsOnlyOnce("host.revoke");
    assertThat(events.stream(HostRevoked.class)).hasSize(1);
  }

  @Test
  void revokedHostsCertificatesAreNoLongerAccepted() throws Exception {
    String serial = "serial-" + UUID.randomUUID();
    certificates.record(serial, host, Instant.now(), Instant.now().plusSeconds(3600), "enrollment");
    assertThat(certificates.isValidFor(serial, host)).isTrue();

    fleet.call(admin, post(path()), null, 200);

    assertThat(certificates.isValidFor(serial, host)).isFalse();
  }

  @Test
  void revokingAHostOfAnotherWorkspaceIsNotFoundAndRevokesNothing() throws Exception {
    UUID other = fleet.createWorkspace("revoke-other-" + UUID.randomUUID().toString().substring(0, 8));
    UUID elsewhere = seed.enrolled(other, "elsewhere", SeededHosts.now());

    fleet.call(admin, post("/api/v1/workspaces/" + workspace + "/hosts/" + elsewhere + "/revocation"), null, 404);

    assertThat(jdbc.sql("SELECT revoked_at IS NULL FROM hosts WHERE id = ?").param(elsewhere).query(Boolean.class).single()).isTrue();
    assertThat(events.stream(HostRevoked.class)).isEmpty();
  }

  private List<String> auditActions() {
    return jdbc.sql("SELECT action FROM audit_events WHERE target = ? ORDER BY seq").param("host:" + host).query(String.class).list();
  }

  private String path() {
    return "/api/v1/workspaces/" + workspace + "/hosts/" + host + "/revocation";
  }
}
