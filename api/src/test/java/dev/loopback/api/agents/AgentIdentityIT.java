package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.gateway.HeartbeatRecorder;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.CertificateRenewRequest;
import dev.loopback.protocol.messages.CertificateRenewResponse;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.ServerTrust;
import dev.loopback.protocol.tls.SigningRequests;
import dev.loopback.protocol.tls.TlsContexts;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** After enrollment the certificate is the host: what one host can and cannot do about another. */
@ApiTest
class AgentIdentityIT {
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;
  @Autowired HeartbeatRecorder heartbeats;
  AgentHarness harness;
  UUID workspace;
  AgentHarness.Enrolled alpha;
  AgentHarness.Enrolled beta;

  @BeforeEach
  void enrollTwoHosts() throws Exception {
    harness = new AgentHarness(fleet, gateway, ca);
    workspace = fleet.createWorkspace("identity-" + UUID.randomUUID().toString().substring(0, 8));
    String token = harness.mintToken(workspace, "{}");
    alpha = harness.enroll(token, "127.0.6.1");
    beta = harness.enroll(token, "127.0.6.2");
  }

  @Test
  void heartbeatsLandOnTheHostOfTheCertificateWhateverTheyClaim() throws Exception {
    try (RawAgent agent = session(alpha)) {
      agent.send(new HeartbeatEvent("raw-2.0", 99, AgentHarness.facts(beta.hostId().toString()), List.of()));
      awaitFlushedHeartbeat();
    }
    assertThat(host(alpha).at("/facts/hostname").asText()).isEqualTo(beta.hostId().toString());
    assertThat(host(alpha).get("agentVersion").asText()).isEqualTo("raw-2.0");
    assertThat(host(beta).at("/facts/hostname").asText()).isEqualTo("raw-127.0.6.2");
    assertThat(host(beta).get("agentVersion").asText()).isEqualTo("raw-1.0");
  }

  @Test
  void renewalIssuesACertificateForTheSessionsHostEvenIfTheCsrNamesAnother() throws Exception {
    KeyPair fresh = KeyPairs.ecP256();
    Message answer;
    try (RawAgent agent = session(alpha)) {
      answer = agent.request(new CertificateRenewRequest(SigningRequests.create(fresh, beta.hostId().toString())));
    }
    assertThat(answer).isInstanceOf(CertificateRenewResponse.class);
    X509Certificate renewed = Pem.certificate(((CertificateRenewResponse) answer).certificatePem());
    assertThat(renewed.getSubjectX500Principal().getName()).contains("CN=" + alpha.hostId()).doesNotContain(beta.hostId().toString());
    assertThat(renewed.getPublicKey()).isEqualTo(fresh.getPublic());
    assertThat(renewed.getSerialNumber()).isNotEqualTo(alpha.certificate().getSerialNumber());

    AgentHarness.Enrolled renewedAlpha = new AgentHarness.Enrolled(alpha.hostId(), fresh, renewed);
    session(renewedAlpha).close();
  }

  @Test
  void aCertificateIsUselessWithoutItsKey() throws Exception {
    // Beta's certificate with alpha's key: TLS's proof of possession fails before any message.
    var stolen = new AgentHarness.Enrolled(beta.hostId(), alpha.keys(), beta.certificate());
    assertRejectedAtHandshake(harness.mutualTls(stolen));
  }

  @Test
  void aCertificateFromAnotherCaNamingAHostIsRefusedAtTheHandshake() throws Exception {
    KeyPair forgerKeys = KeyPairs.ecP256();
    X509Certificate forged = ForeignCa.issue(beta.hostId(), forgerKeys);
    var tls = TlsContexts.mutual(forgerKeys.getPrivate(), forged, ServerTrust.ca(ca.certificate()));

    assertRejectedAtHandshake(tls);
  }

  private void assertRejectedAtHandshake(io.netty.handler.ssl.SslContext tls) throws Exception {
    RawAgent agent;
    try {
      agent = RawAgent.connect(tls, gateway.port(), "127.0.6.3");
    } catch (Exception handshakeFailed) {
      return; // refused before our side finished: also a rejection
    }
    try (agent) {
      assertThat(agent.rejectedWithoutAnswer(hello())).isTrue();
    }
  }

  @Test
  void aRevokedHostIsDisconnectedAndRefusedAtItsNextHandshake() throws Exception {
    try (RawAgent agent = session(alpha)) {
      fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(hostPath(alpha) + "/revocation"), null, 200);
      assertThat(agent.closedWithin(Duration.ofSeconds(5))).as("live channel closed on revocation").isTrue();
    }
    try (RawAgent agent = RawAgent.connect(harness.mutualTls(alpha), gateway.port(), "127.0.6.1")) {
      Message answer = agent.request(hello());
      assertThat(answer).isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.code()).isEqualTo(RefusalCode.HOST_REVOKED));
    }
    session(beta).close(); // other hosts are unaffected
  }

  @Test
  void closesASessionThatStaysSilentForThreeHeartbeatIntervals() throws Exception {
    // The test profile beats every 2 s: silent for 3 × 2 s + jitter, the channel is closed.
    try (RawAgent quiet = session(alpha); RawAgent beating = session(beta)) {
      long started = System.nanoTime();
      for (int second = 0; second < 10 && !quiet.closedWithin(Duration.ZERO); second++) {
        beating.send(new HeartbeatEvent("raw-1.0", second, null, null));
        Thread.sleep(1000);
      }
      assertThat(quiet.closedWithin(Duration.ZERO)).as("silent session closed").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(5));
      assertThat(beating.closedWithin(Duration.ZERO)).as("beating session still open").isFalse();
    }
  }

  @Test
  void pingThroughTheApiReachesTheHostsOwnChannel() throws Exception {
    try (RawAgent agent = session(alpha).answeringPings()) {
      assertThat(host(alpha).get("state").asText()).isEqualTo("MANAGED");

      JsonNode pong = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(hostPath(alpha) + "/ping"), null, 200);

      assertThat(pong.get("hostId").asText()).isEqualTo(alpha.hostId().toString());
      assertThat(pong.get("agentVersion").asText()).isEqualTo("raw-1.0");
      assertThat(pong.get("replicaId").asText()).isEqualTo("test-replica");
      assertThat(pong.get("roundTripMillis").asDouble()).isPositive();
    }
    // Beta never opened a session: the registry has no replica for it.
    fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(hostPath(beta) + "/ping"), null, 409);
  }

  /** A channel with the host's certificate and an open session. */
  private RawAgent session(AgentHarness.Enrolled host) throws Exception {
    RawAgent agent = RawAgent.connect(harness.mutualTls(host), gateway.port(), "127.0.6.9");
    assertThat(agent.request(hello())).isInstanceOf(AgentHelloResponse.class);
    return agent;
  }

  private static AgentHelloRequest hello() {
    return new AgentHelloRequest(ProtocolVersion.CURRENT, "raw-1.0", List.of());
  }

  private void awaitFlushedHeartbeat() throws InterruptedException {
    Thread.sleep(300);
    heartbeats.flush();
  }

  private String hostPath(AgentHarness.Enrolled host) {
    return "/api/v1/workspaces/" + workspace + "/hosts/" + host.hostId();
  }

  private JsonNode host(AgentHarness.Enrolled host) throws Exception {
    return fleet.get(fleet.ownerKey(), hostPath(host));
  }
}
