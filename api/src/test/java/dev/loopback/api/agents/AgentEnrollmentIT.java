package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.AgentEnrollResponse;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** First join over the real gateway: what a token buys, and every way it is refused. */
@ApiTest
class AgentEnrollmentIT {
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;
  @Autowired JdbcClient jdbc;
  AgentHarness harness;
  UUID workspace;

  @BeforeEach
  void setUp() throws Exception {
    harness = new AgentHarness(fleet, gateway, ca);
    workspace = fleet.createWorkspace("enroll-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void enrollsWithATokenAndIssuesACertificateForTheHostsOwnKey() throws Exception {
    String token = harness.mintToken(workspace, "{\"maxUses\":1}");
    KeyPair keys = KeyPairs.ecP256();

    Message answer = harness.enrollOnce(token, keys, "127.0.0.1", ProtocolVersion.CURRENT);

    assertThat(answer).isInstanceOf(AgentEnrollResponse.class);
    AgentEnrollResponse enrolled = (AgentEnrollResponse) answer;
    X509Certificate certificate = Pem.certificate(enrolled.certificatePem());
    assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + enrolled.hostId());
    certificate.verify(ca.certificate().getPublicKey());
    assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
        .isLessThanOrEqualTo(Duration.ofDays(7).plusMinutes(5));
    assertThat(enrolled.workspaceId()).isEqualTo(workspace.toString());
    assertThat(enrolled.caCertificatePem()).isEqualTo(ca.certificatePem());

    JsonNode host = fleet.get(fleet.ownerKey(), "/api/v1/workspaces/" + workspace + "/hosts/" + enrolled.hostId());
    assertThat(host.get("name").asText()).isEqualTo("raw-127.0.0.1");
    assertThat(host.get("agentVersion").asText()).isEqualTo("raw-1.0");
    assertThat(auditActions(enrolled.hostId())).contains("host.enroll");
  }

  @Test
  void sessionOpensOnlyWithTheIssuedCertificate() throws Exception {
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.0.1");

    try (RawAgent agent = RawAgent.connect(harness.mutualTls(host), gateway.port(), "127.0.0.1")) {
      Message answer = agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "raw-1.0", List.of()));
      assertThat(answer).isInstanceOfSatisfying(AgentHelloResponse.class, hello -> {
        assertThat(hello.hostId()).isEqualTo(host.hostId().toString());
        assertThat(hello.heartbeatIntervalMillis()).isEqualTo(2_000);
        assertThat(hello.replicaId()).isEqualTo("test-replica");
      });
    }
  }

  @Test
  void refusesAHelloWithoutAClientCertificate() throws Exception {
    try (RawAgent agent = RawAgent.connect(harness.enrollmentTls(), gateway.port(), "127.0.1.1")) {
      Message answer = agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "raw-1.0", List.of()));
      assertThat(answer).isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.code()).isEqualTo(RefusalCode.WRONG_CHANNEL));
      assertThat(agent.closedWithin(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void refusesUnknownRevokedExhaustedAndExpiredTokensWithTheirReason() throws Exception {
    assertRefused("lbt_AAAAAAAAAAAA_" + "A".repeat(43), RefusalCode.TOKEN_UNKNOWN);

    String revoked = harness.mintToken(workspace, "{}");
    UUID revokedId = tokenId(revoked);
    fleet.call(fleet.ownerKey(), org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
        "/api/v1/workspaces/" + workspace + "/agent-tokens/" + revokedId + "/revoke"), null, 200);
    assertRefused(revoked, RefusalCode.TOKEN_REVOKED);

    String once = harness.mintToken(workspace, "{\"maxUses\":1}");
    harness.enroll(once, "127.0.2.1");
    assertRefused(once, RefusalCode.TOKEN_EXHAUSTED);

    String expired = harness.mintToken(workspace, "{}");
    jdbc.sql("UPDATE agent_tokens SET expires_at = now() - interval '1 minute' WHERE id = ?").param(tokenId(expired)).update();
    assertRefused(expired, RefusalCode.TOKEN_EXPIRED);

    assertThat(jdbc.sql("SELECT detail FROM audit_events WHERE action = 'token.redeem' AND outcome = 'REFUSED' AND target IN (?, ?, ?)")
        .param("agent-token:" + revokedId).param("agent-token:" + tokenId(once)).param("agent-token:" + tokenId(expired))
        .query(String.class).list()).containsExactlyInAnyOrder("revoked", "exhausted", "expired");
  }

  @Test
  void refusesAnUnsupportedProtocolVersionNamingTheAcceptedRangeWithoutUsingTheToken() throws Exception {
    String token = harness.mintToken(workspace, "{\"maxUses\":1}");

    Message answer = harness.enrollOnce(token, KeyPairs.ecP256(), "127.0.3.1", ProtocolVersion.CURRENT + 1);

    assertThat(answer).isInstanceOfSatisfying(Refusal.class, refusal -> {
      assertThat(refusal.code()).isEqualTo(RefusalCode.UNSUPPORTED_PROTOCOL);
      assertThat(refusal.reason()).contains("accepts " + ProtocolVersion.acceptedRange());
    });
    assertThat(uses(token)).isZero();
    assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE action = 'host.enroll' AND outcome = 'REFUSED' AND target = ?")
        .param("agent-token:" + tokenId(token)).query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void refusesABadCsrWithoutUsingTheToken() throws Exception {
    String token = harness.mintToken(workspace, "{\"maxUses\":1}");
    try (RawAgent agent = RawAgent.connect(harness.enrollmentTls(), gateway.port(), "127.0.4.1")) {
      Message answer = agent.request(new AgentEnrollRequest(ProtocolVersion.CURRENT, "raw-1.0", List.of(), token,
          "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----\n", AgentHarness.facts("bad")));
      assertThat(answer).isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.code()).isEqualTo(RefusalCode.BAD_CSR));
    }
    assertThat(uses(token)).isZero();
  }

  @Test
  void rateLimitsAnAddressAfterRepeatedRefusals() throws Exception {
    String unknown = "lbt_BBBBBBBBBBBB_" + "B".repeat(43);
    for (int attempt = 0; attempt < 20; attempt++) {
      Message answer = harness.enrollOnce(unknown, KeyPairs.ecP256(), "127.0.9.9", ProtocolVersion.CURRENT);
      assertThat(answer).isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.code()).isEqualTo(RefusalCode.TOKEN_UNKNOWN));
    }
    String valid = harness.mintToken(workspace, "{}");

    Message limited = harness.enrollOnce(valid, KeyPairs.ecP256(), "127.0.9.9", ProtocolVersion.CURRENT);
    Message elsewhere = harness.enrollOnce(valid, KeyPairs.ecP256(), "127.0.9.10", ProtocolVersion.CURRENT);

    assertThat(limited).isInstanceOfSatisfying(Refusal.class, refusal -> {
      assertThat(refusal.code()).isEqualTo(RefusalCode.RATE_LIMITED);
      assertThat(refusal.retryAfterMillis()).isPositive();
    });
    assertThat(uses(valid)).isEqualTo(1);
    assertThat(elsewhere).isInstanceOf(AgentEnrollResponse.class);
  }

  private void assertRefused(String token, RefusalCode expected) throws Exception {
    Message answer = harness.enrollOnce(token, KeyPairs.ecP256(), "127.0.5.1", ProtocolVersion.CURRENT);
    assertThat(answer).as("enrolling with a token that should be %s", expected)
        .isInstanceOfSatisfying(Refusal.class, refusal -> {
          assertThat(refusal.code()).isEqualTo(expected);
          assertThat(refusal.reason()).isNotBlank();
          assertThat(refusal.retryAfterMillis()).isZero();
        });
  }

  private UUID tokenId(String secret) {
    return jdbc.sql("SELECT id FROM agent_tokens WHERE lookup = ?").param(secret.split("_")[1]).query(UUID.class).single();
  }

  private int uses(String secret) {
    return jdbc.sql("SELECT uses FROM agent_tokens WHERE lookup = ?").param(secret.split("_")[1]).query(Integer.class).single();
  }

  private List<String> auditActions(String hostId) {
    return jdbc.sql("SELECT action FROM audit_events WHERE target = ?").param("host:" + hostId).query(String.class).list();
  }
}
