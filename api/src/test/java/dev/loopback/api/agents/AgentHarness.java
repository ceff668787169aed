package dev.loopback.api.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.AgentEnrollResponse;
import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.ServerTrust;
import dev.loopback.protocol.tls.SigningRequests;
import dev.loopback.protocol.tls.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Mints tokens through the API and enrolls raw agents against the test context's real gateway. */
final class AgentHarness {
  final Fleet fleet;
  final AgentGateway gateway;
  final AgentCertificateAuthority ca;

  AgentHarness(Fleet fleet, AgentGateway gateway, AgentCertificateAuthority ca) {
    this.fleet = fleet;
    this.gateway = gateway;
    this.ca = ca;
  }

  String mintToken(UUID workspace, String body) throws Exception {
    JsonNode minted = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post("/api/v1/workspaces/" + workspace + "/agent-tokens"), body, 201);
    return minted.get("secret").asText();
  }

  SslContext enrollmentTls() throws Exception {
    return TlsContexts.enrollment(ServerTrust.pinned(ca.fingerprint()));
  }

  SslContext mutualTls(Enrolled host) throws Exception {
    return TlsContexts.mutual(host.keys().getPrivate(), host.certificate(), ServerTrust.ca(Pem.certificate(ca.certificatePem())));
  }

  Message enrollOnce(String token, KeyPair keys, String source, int protocolVersion) throws Exception {
    try (RawAgent agent = RawAgent.connect(enrollmentTls(), gateway.port(), source)) {
      return agent.request(new AgentEnrollRequest(protocolVersion, "raw-1.0", List.of(), token,
          SigningRequests.create(keys, "ignored"), facts("raw-" + source)));
    }
  }

  Enrolled enroll(String token, String source) throws Exception {
    KeyPair keys = KeyPairs.ecP256();
    Message answer = enrollOnce(token, keys, source, ProtocolVersion.CURRENT);
    if (!(answer instanceof AgentEnrollResponse enrolled)) {
      throw new AssertionError("expected an enrollment, got " + answer);
    }
    return new Enrolled(UUID.fromString(enrolled.hostId()), keys, Pem.certificate(enrolled.certificatePem()));
  }

  static HostFacts facts(String hostname) {
    return new HostFacts(hostname, "Debian GNU/Linux 12 (bookworm)", "6.1.0", "x86_64", List.of("10.0.0.7"));
  }

  record Enrolled(UUID hostId, KeyPair keys, X509Certificate certificate) {
  }
}
