package dev.loopback.api.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.networks.MeshIdentityRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The host side of the mesh API: state, re-apply, endpoint override, joining at registration — and their refusals. */
@ApiTest
class HostMeshApiTest {
  @Autowired Fleet fleet;
  @Autowired MeshIdentityRepository identities;

  @Test
  void reapplyNamesTheHostsNetworksAndMeshStateIs404UntilARoundRan() throws Exception {
    UUID workspace = workspace();
    String network = network(workspace, "a", "10.96.0.0/24");
    UUID host = host(workspace, "{\"name\":\"r1\",\"networks\":[\"" + network + "\"]}");

    JsonNode reapply = fleet.call(fleet.ownerKey(), post(hosts(workspace) + "/" + host + "/mesh/reapply"), null, 202);
    assertThat(reapply.get("networks")).extracting(JsonNode::asText).containsExactly(network);
    JsonNode missing = fleet.call(fleet.ownerKey(), get(hosts(workspace) + "/" + UUID.randomUUID() + "/mesh"), null, 404);
    assertThat(missing.get("detail").asText()).contains("host");
  }

  @Test
  void registrationRefusesAnUnknownNetworkNamingItsIndex() throws Exception {
    UUID workspace = workspace();
    String network = network(workspace, "a", "10.96.1.0/24");
    JsonNode problem = fleet.call(fleet.ownerKey(), post(hosts(workspace)),
        "{\"name\":\"x\",\"networks\":[\"" + network + "\",\"" + UUID.randomUUID() + "\"]}", 400);
    assertThat(problem.toString()).contains("networks[1]");
    String operator = fleet.keyWithRole(workspace, "operator");
    JsonNode forbidden = fleet.call(operator, post(hosts(workspace)), "{\"name\":\"y\",\"networks\":[\"" + network + "\"]}", 403);
    assertThat(forbidden.get("detail").asText()).contains("networks:manage");
    assertThat(fleet.get(fleet.ownerKey(), "/api/v1/workspaces/" + workspace + "/networks/" + network).get("members")).isEmpty();
  }

  @Test
  void endpointOverrideTakesAnAddressOnlyOnceTheHostHasAKey() throws Exception {
    UUID workspace = workspace();
    UUID host = host(workspace, "{\"name\":\"e1\"}");
    String path = hosts(workspace) + "/" + host + "/mesh/endpoint";

    assertThat(fleet.call(fleet.ownerKey(), put(path), "{\"endpoint\":\"203.0.113.9\"}", 409).get("detail").asText())
        .contains("has not reported its WireGuard key");
    identities.record(host, "A".repeat(43) + "=", 51820, "10.0.0.5", Instant.now());
    assertThat(fleet.call(fleet.ownerKey(), put(path), "{\"endpoint\":\"vpn.example.com\"}", 400).toString())
        .contains("endpoint").contains("IPv4 or IPv6 address");
    fleet.call(fleet.ownerKey(), put(path), "{\"endpoint\":\"203.0.113.9\"}", 204);
    assertThat(identities.of(List.of(host)).get(0).endpoint()).isEqualTo("203.0.113.9");
    fleet.call(fleet.ownerKey(), put(path), "{\"endpoint\":null}", 204);
    assertThat(identities.of(List.of(host)).get(0).endpoint()).isEqualTo("10.0.0.5");
  }

  @Test
  void bridgesCanBeRemovedAndNetworksDeleted() throws Exception {
    UUID workspace = workspace();
    String a = network(workspace, "a", "10.96.2.0/24");
    String b = network(workspace, "b", "10.96.3.0/24");
    String base = "/api/v1/workspaces/" + workspace + "/networks/";
    fleet.call(fleet.ownerKey(), put(base + a + "/bridges/" + b), null, 204);
    assertThat(fleet.get(fleet.ownerKey(), base + b).get("bridgedTo")).extracting(JsonNode::asText).containsExactly(a);
    fleet.call(fleet.ownerKey(), delete(base + b + "/bridges/" + a), null, 204);
    assertThat(fleet.get(fleet.ownerKey(), base + a).get("bridgedTo")).isEmpty();
    fleet.call(fleet.ownerKey(), delete(base + b + "/bridges/" + a), null, 404);
    fleet.call(fleet.ownerKey(), delete(base + a), null, 204);
    fleet.call(fleet.ownerKey(), delete(base + a), null, 404);
  }

  private UUID workspace() throws Exception {
    return fleet.createWorkspace("hm-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private String network(UUID workspace, String name, String cidr) throws Exception {
    return fleet.call(fleet.ownerKey(), post("/api/v1/workspaces/" + workspace + "/networks"),
        "{\"name\":\"" + name + "\",\"cidr\":\"" + cidr + "\"}", 201).get("id").asText();
  }

  private UUID host(UUID workspace, String body) throws Exception {
    return UUID.fromString(fleet.call(fleet.ownerKey(), post(hosts(workspace)), body, 201).get("hostId").asText());
  }

  private static String hosts(UUID workspace) {
    return "/api/v1/workspaces/" + workspace + "/hosts";
  }
}
