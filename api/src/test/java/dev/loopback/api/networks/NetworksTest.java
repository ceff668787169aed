package dev.loopback.api.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.mesh.Networks;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.networks.NetworkMember;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ApiTest
class NetworksTest {
  @Autowired Fleet fleet;
  @Autowired Networks networks;

  @Test
  void concurrentJoinsGetDistinctStableAddressesAndALeaveFreesOne() throws Exception {
    UUID workspace = fleet.createWorkspace("net-" + UUID.randomUUID().toString().substring(0, 8));
    UUID network = UUID.fromString(createNetwork(workspace, "{\"name\":\"east\",\"cidr\":\"10.90.0.0/24\"}", 201).get("id").asText());
    List<UUID> hosts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hosts.add(host(workspace, "h" + i));
    }

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<NetworkMember>> joins = new ArrayList<>();
    for (UUID host : hosts) {
      Callable<NetworkMember> join = () -> networks.join(Actor.system("test", "join"), workspace, network, host);
      joins.add(pool.submit(join));
    }
    List<String> addresses = new ArrayList<>();
    for (Future<NetworkMember> join : joins) {
      addresses.add(join.get().address());
    }
    pool.shutdown();

    assertThat(addresses).doesNotHaveDuplicates().hasSize(20)
        .allSatisfy(address -> assertThat(address).startsWith("10.90.0."))
        .doesNotContain("10.90.0.0", "10.90.0.255");
    assertThat(addresses).containsExactlyInAnyOrderElementsOf(range(1, 20));
    String third = networks.join(Actor.system("test", "again"), workspace, network, hosts.get(2)).address();
    assertThat(third).as("joining again keeps the address").isEqualTo(addresses.get(2));

    fleet.call(fleet.ownerKey(), delete(path(workspace) + "/" + network + "/members/" + hosts.get(2)), null, 204);
    UUID newcomer = host(workspace, "late");
    JsonNode joined = fleet.call(fleet.ownerKey(), put(path(workspace) + "/" + network + "/members/" + newcomer), null, 200);
    assertThat(joined.get("address").asText()).as("the lowest free address, released by the leave").isEqualTo(third);
    assertThat(fleet.get(fleet.ownerKey(), path(workspace) + "/" + network).get("members")).hasSize(20);
  }

  @Test
  void aFullNetworkRefusesTheNextHost() throws Exception {
    UUID workspace = fleet.createWorkspace("net-" + UUID.randomUUID().toString().substring(0, 8));
    String network = createNetwork(workspace, "{\"name\":\"tiny\",\"cidr\":\"10.91.0.0/30\"}", 201).get("id").asText();
    fleet.call(fleet.ownerKey(), put(path(workspace) + "/" + network + "/members/" + host(workspace, "a")), null, 200);
    fleet.call(fleet.ownerKey(), put(path(workspace) + "/" + network + "/members/" + host(workspace, "b")), null, 200);

    JsonNode problem = fleet.call(fleet.ownerKey(), put(path(workspace) + "/" + network + "/members/" + host(workspace, "c")), null, 409);
    assertThat(problem.get("detail").asText()).contains("no free address");
  }

  @Test
  void refusesBadNetworksNamingTheField() throws Exception {
    UUID workspace = fleet.createWorkspace("net-" + UUID.randomUUID().toString().substring(0, 8));
    createNetwork(workspace, "{\"name\":\"a\",\"cidr\":\"10.92.0.0/16\"}", 201);

    assertThat(createNetwork(workspace, "{\"name\":\"b\",\"cidr\":\"10.92.4.0/24\"}", 400).toString()).contains("cidr").contains("overlaps");
    assertThat(createNetwork(workspace, "{\"name\":\"c\",\"cidr\":\"10.93.0.1/16\"}", 400).toString()).contains("10.93.0.0/16");
    assertThat(createNetwork(workspace, "{\"name\":\"d\",\"cidr\":\"fd00::/64\"}", 400).toString()).contains("cidr");
    assertThat(createNetwork(workspace, "{\"name\":\"e\",\"cidr\":\"10.94.0.0/31\"}", 400).toString()).contains("prefix");
    assertThat(createNetwork(workspace, "{\"name\":\"f\",\"cidr\":\"10.95.0.0/16\",\"mtu\":99}", 400).toString()).contains("mtu");
    assertThat(createNetwork(workspace, "{\"name\":\"Not OK\",\"cidr\":\"10.96.0.0/16\"}", 400).toString()).contains("name");
    createNetwork(workspace, "{\"name\":\"a\",\"cidr\":\"10.97.0.0/16\"}", 409);
  }

  @Test
  void bridgesAreListedOnBothSides() throws Exception {
    UUID workspace = fleet.createWorkspace("net-" + UUID.randomUUID().toString().substring(0, 8));
    String a = createNetwork(workspace, "{\"name\":\"a\",\"cidr\":\"10.98.0.0/24\"}", 201).get("id").asText();
    String b = createNetwork(workspace, "{\"name\":\"b\",\"cidr\":\"10.98.1.0/24\"}", 201).get("id").asText();

    fleet.call(fleet.ownerKey(), put(path(workspace) + "/" + a + "/bridges/" + b), null, 204);

    assertThat(fleet.get(fleet.ownerKey(), path(workspace) + "/" + b).get("bridgedTo").get(0).asText()).isEqualTo(a);
    fleet.call(fleet.ownerKey(), put(path(workspace) + "/" + a + "/bridges/" + a), null, 400);
  }

  private JsonNode createNetwork(UUID workspace, String body, int status) throws Exception {
    return fleet.call(fleet.ownerKey(), post(path(workspace)), body, status);
  }

  private UUID host(UUID workspace, String name) throws Exception {
    return UUID.fromString(fleet.call(fleet.ownerKey(), post("/api/v1/workspaces/" + workspace + "/hosts"),
        "{\"name\":\"" + name + "\"}", 201).get("hostId").asText());
  }

  private static String path(UUID workspace) {
    return "/api/v1/workspaces/" + workspace + "/networks";
  }

  private static List<String> range(int from, int to) {
    List<String> addresses = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      addresses.add("10.90.0." + i);
    }
    return addresses;
  }
}
