package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.UpdateCheckRequest;
import dev.loopback.protocol.messages.UpdateCheckResponse;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageStatement;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** An agent asks over its mutual-TLS channel what it would ask the HTTP check, and gets the same answer. */
@ApiTest
class UpdateCheckOverChannelIT {
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;

  @Test
  void anAgentLearnsItsNextVersionOverTheChannel() throws Exception {
    String module = "chan-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String keyId = "k-" + module;
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/signing-keys"),
        "{\"id\":\"" + keyId + "\",\"publicKey\":\"" + PackageSignatures.publicKeyOf(key) + "\"}", 201);
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases"), "{\"component\":\"" + module
        + "\",\"version\":\"1.1.0\",\"channel\":\"stable\",\"eligibility\":\">=1.0.0\",\"requiresCore\":\"any\",\"notes\":\"faster\"}", 201);
    byte[] bytes = "package".repeat(100).getBytes();
    byte[] sha = MessageDigest.getInstance("SHA-512").digest(bytes);
    fleet.send(fleet.ownerKey(), put("/api/v1/catalog/releases/" + module + "/1.1.0/packages/amd64/deb").content(bytes)
        .contentType(MediaType.APPLICATION_OCTET_STREAM).header("Loopback-Signature-Key", keyId)
        .header("Loopback-Signature", PackageSignatures.sign(PackageStatement.of(module, "1.1.0", "amd64", "deb", sha), key)), null);
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases/" + module + "/1.1.0/publish"), null, 200);

    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("updates-" + module);
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.7.1");
    try (RawAgent agent = RawAgent.connect(harness.mutualTls(host), gateway.port(), "127.0.7.1")) {
      assertThat(agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "1.0.0", List.of()))).isInstanceOf(AgentHelloResponse.class);

      Message next = agent.request(new UpdateCheckRequest(module, "stable", "1.0.0", "amd64", null, "1.0.0"));
      assertThat(next).isInstanceOf(UpdateCheckResponse.class);
      UpdateCheckResponse offer = (UpdateCheckResponse) next;
      assertThat(offer.available()).isTrue();
      assertThat(offer.version()).isEqualTo("1.1.0");
      assertThat(offer.sha512()).isEqualTo(HexFormat.of().formatHex(sha));
      assertThat(offer.url()).endsWith("/" + module + "/1.1.0/" + module + "_1.1.0_amd64.deb");

      assertThat(agent.request(new UpdateCheckRequest(module, "stable", "1.1.0", "amd64", null, "1.0.0")))
          .isEqualTo(UpdateCheckResponse.none());
      Message bad = agent.request(new UpdateCheckRequest(module, "stable", "latest", "amd64", null, "1.0.0"));
      assertThat(bad).isInstanceOf(CommandFailure.class);
      assertThat(((CommandFailure) bad).code()).isEqualTo("invalid_request");
      assertThat(((CommandFailure) bad).message()).startsWith("version: ");
    }
  }
}
