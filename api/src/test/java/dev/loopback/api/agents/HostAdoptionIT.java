package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Adopting an existing machine end to end: register → install token → agent joins → bring-up → MANAGED. */
@ApiTest
class HostAdoptionIT {
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;

  @Test
  void anAdoptedHostIsPendingUntilItsAgentChecksInThenManaged() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("adopt-" + UUID.randomUUID().toString().substring(0, 8));
    String hosts = "/api/v1/workspaces/" + workspace + "/hosts";

    JsonNode adopted = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(hosts), "{\"name\":\"db-3\",\"checkInDeadline\":\"PT10M\"}", 201);
    String hostId = adopted.get("hostId").asText();
    assertThat(adopted.get("caSha256").asText()).isEqualTo(ca.fingerprint());
    assertThat(fleet.get(fleet.ownerKey(), hosts + "/" + hostId).get("state").asText()).isEqualTo("PENDING");
    assertThat(awaitPhase(hosts + "/" + hostId + "/bring-up", "AWAITING_CHECK_IN")).isTrue();

    AgentHarness.Enrolled host = harness.enroll(adopted.get("installToken").asText(), "127.0.12.1");
    assertThat(host.hostId().toString()).as("the token claims the registered host").isEqualTo(hostId);
    try (RawAgent agent = RawAgent.connect(harness.mutualTls(host), gateway.port(), "127.0.12.1")) {
      assertThat(agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "raw-1.0", List.of()))).isInstanceOf(AgentHelloResponse.class);

      assertThat(awaitPhase(hosts + "/" + hostId + "/bring-up", "MANAGED")).as("bring-up finished").isTrue();
      JsonNode view = fleet.get(fleet.ownerKey(), hosts + "/" + hostId);
      assertThat(view.get("state").asText()).isEqualTo("MANAGED");
      assertThat(view.get("name").asText()).isEqualTo("db-3");
    }
    String tokenState = fleet.get(fleet.ownerKey(), "/api/v1/workspaces/" + workspace + "/agent-tokens/" + adopted.get("tokenId").asText())
        .get("state").asText();
    assertThat(tokenState).as("single-use token used, then revoked by the bring-up").isIn("revoked", "exhausted");
  }

  @Test
  void aHostThatJoinedWithAWorkspaceTokenHasNoBringUp() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("adopt-" + UUID.randomUUID().toString().substring(0, 8));
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.12.2");

    fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.get("/api/v1/workspaces/" + workspace + "/hosts/" + host.hostId() + "/bring-up"),
        null, 404);
  }

  @Test
  void cancellingABringUpRevokesTheTokenAndFailsTheHost() throws Exception {
    UUID workspace = fleet.createWorkspace("adopt-" + UUID.randomUUID().toString().substring(0, 8));
    String hosts = "/api/v1/workspaces/" + workspace + "/hosts";
    JsonNode adopted = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(hosts), "{\"name\":\"db-4\"}", 201);
    String bringUp = hosts + "/" + adopted.get("hostId").asText() + "/bring-up";
    assertThat(adopted.get("installCommand").asText()).contains("/system/v1/workspaces/" + workspace + "/install.sh")
        .doesNotContain(adopted.get("installToken").asText());
    assertThat(awaitPhase(bringUp, "AWAITING_CHECK_IN")).isTrue();

    fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.delete(bringUp), null, 202);

    assertThat(awaitPhase(bringUp, "CANCELLED")).isTrue();
    assertThat(awaitLifecycle(hosts + "/" + adopted.get("hostId").asText(), "FAILED")).isTrue();
    String tokenState = fleet.get(fleet.ownerKey(), "/api/v1/workspaces/" + workspace + "/agent-tokens/" + adopted.get("tokenId").asText())
        .get("state").asText();
    assertThat(tokenState).isEqualTo("revoked");
    JsonNode again = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.delete(bringUp), null, 409);
    assertThat(again.get("detail").asText()).contains("already finished");
  }

  @Test
  void refusesAnUnknownProvider() throws Exception {
    UUID workspace = fleet.createWorkspace("adopt-" + UUID.randomUUID().toString().substring(0, 8));
    JsonNode problem = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post("/api/v1/workspaces/" + workspace + "/hosts"),
        "{\"name\":\"vm-1\",\"provider\":\"hetzner\"}", 400);
    assertThat(problem.toString()).contains("provider").contains("hetzner");
  }

  @Test
  void refusesADeadlineOutsideItsBounds() throws Exception {
    UUID workspace = fleet.createWorkspace("adopt-" + UUID.randomUUID().toString().substring(0, 8));
    JsonNode problem = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post("/api/v1/workspaces/" + workspace + "/hosts"),
        "{\"name\":\"db-3\",\"checkInDeadline\":\"P30D\"}", 400);
    assertThat(problem.toString()).contains("checkInDeadline");
  }

  private boolean awaitLifecycle(String path, String lifecycle) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (lifecycle.equals(fleet.get(fleet.ownerKey(), path).get("lifecycle").asText())) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private boolean awaitPhase(String path, String phase) throws Exception {
    for (int i = 0; i < 100; i++) {
      var result = fleet.send(fleet.ownerKey(), MockMvcRequestBuilders.get(path), null);
      if (result.getResponse().getStatus() == 200 && phase.equals(fleet.read(result).get("phase").asText())) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
