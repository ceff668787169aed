package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.gateway.HeartbeatRecorder;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.DesiredModule;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.ModuleState;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageStatement;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * A workspace's modules reach its agents over their channels: at once for a connected host when they
 * change, and at the next hello — with the release that fits the host (its architecture, its agent
 * version) and the policy.
 */
@ApiTest
class ModuleAssignmentIT {
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;
  @Autowired HeartbeatRecorder heartbeats;

  @Test
  void aConnectedHostIsSentItsWorkspacesModulesWithTheReleaseThatFitsItAndAgainAtItsNextHello() throws Exception {
    String module = "mod-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/signing-keys"),
        "{\"id\":\"k-" + module + "\",\"publicKey\":\"" + PackageSignatures.publicKeyOf(key) + "\"}", 201);
    String sha = publish(module, "1.0.0", ">=1.0.0 & <2.0.0", key);
    publish(module, "1.1.0", ">=2.0.0", key);

    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("modules-" + module);
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.8.1");
    try (RawAgent agent = RawAgent.connect(harness.mutualTls(host), gateway.port(), "127.0.8.1")) {
      assertThat(agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "1.5.0", List.of()))).isInstanceOf(AgentHelloResponse.class);
      assertThat(agent.receive(Duration.ofMillis(500))).as("nothing to say: no module, none running").isNull();

      JsonNode set = fleet.call(fleet.ownerKey(), put("/api/v1/workspaces/" + workspace + "/modules/" + module),
          "{\"channel\":\"stable\",\"policy\":{\"intervalSeconds\":5}}", 200);
      assertThat(set.get("enabled").asBoolean()).isTrue();

      Envelope pushed = agent.receive(Duration.ofSeconds(10));
      DesiredModule desired = ((ModulesDesiredRequest) pushed.message()).modules().get(0);
      assertThat(desired.name()).isEqualTo(module);
      assertThat(new ObjectMapper().readTree(desired.policyJson())).isEqualTo(new ObjectMapper().readTree("{\"intervalSeconds\":5}"));
      assertThat(desired.release().version()).as("1.1.0 needs core >=2.0.0; this agent runs 1.5.0").isEqualTo("1.0.0");
      assertThat(desired.release().arch()).as("the host's x86_64").isEqualTo("amd64");
      assertThat(desired.release().sha512()).isEqualTo(sha);
      agent.reply(pushed.correlationId(), new ModulesDesiredResponse(List.of(new ModuleState(module, "1.0.0", "active", "running")), List.of()));
      agent.send(new HeartbeatEvent("1.5.0", 10, AgentHarness.facts("mod-host"), List.of(new ModuleState(module, "1.0.0", "active", "running"))));
      Thread.sleep(300);
      heartbeats.flush();

      fleet.call(fleet.ownerKey(), delete("/api/v1/workspaces/" + workspace + "/modules/" + module), null, 204);
      Envelope stop = agent.receive(Duration.ofSeconds(10));
      assertThat(((ModulesDesiredRequest) stop.message()).modules()).as("the host runs it: an empty list stops it").isEmpty();
    }

    fleet.call(fleet.ownerKey(), put("/api/v1/workspaces/" + workspace + "/modules/" + module),
        "{\"channel\":\"stable\",\"version\":\"1.0.0\",\"enabled\":false}", 200);
    try (RawAgent agent = RawAgent.connect(harness.mutualTls(host), gateway.port(), "127.0.8.1")) {
      agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "1.5.0", List.of()));
      ModulesDesiredRequest atHello = (ModulesDesiredRequest) agent.receive(Duration.ofSeconds(10)).message();
      assertThat(atHello.modules()).containsExactly(new DesiredModule(module, false, "{}", null));
    }

    JsonNode refused = fleet.call(fleet.ownerKey(), put("/api/v1/workspaces/" + workspace + "/modules/" + module),
        "{\"channel\":\"stable\",\"version\":\"9.9.9\"}", 400);
    assertThat(refused.at("/errors/0/field").asText()).isEqualTo("version");
    assertThat(fleet.call(fleet.ownerKey(), put("/api/v1/workspaces/" + workspace + "/modules/agent"), "{\"channel\":\"stable\"}", 400)
        .at("/errors/0/field").asText()).isEqualTo("name");
  }

  private String publish(String module, String version, String requiresCore, byte[] key) throws Exception {
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases"), "{\"component\":\"" + module + "\",\"version\":\"" + version
        + "\",\"channel\":\"stable\",\"eligibility\":\"any\",\"requiresCore\":\"" + requiresCore + "\"}", 201);
    byte[] bytes = ("module " + version).repeat(50).getBytes();
    byte[] sha = MessageDigest.getInstance("SHA-512").digest(bytes);
    fleet.send(fleet.ownerKey(), put("/api/v1/catalog/releases/" + module + "/" + version + "/packages/amd64/tar.gz").content(bytes)
        .contentType(MediaType.APPLICATION_OCTET_STREAM).header("Loopback-Signature-Key", "k-" + module)
        .header("Loopback-Signature", PackageSignatures.sign(PackageStatement.of(module, version, "amd64", "tar.gz", sha), key)), null);
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/releases/" + module + "/" + version + "/publish"), null, 200);
    return HexFormat.of().formatHex(sha);
  }
}
