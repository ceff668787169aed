package dev.loopback.api.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.providers.netns.NetnsProvider;
import dev.loopback.api.Fleet;
import dev.loopback.api.NetnsRequirements;
import dev.loopback.api.NetnsTests;
import dev.loopback.db.hosts.HostMachineRepository;
import dev.loopback.db.networks.MeshIdentityRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The proof: four namespace hosts with real agents and real WireGuard (wireguard-go where the
 * kernel has no module). Three join network A at registration — their bring-up waits for the mesh —
 * and every one pings every other over the overlay. Then a revision one host must refuse (network B
 * overlaps a route on it): every host that applied B with it goes back, and A still works. Then a
 * bridge from A to network C, where the fourth host is: hosts of both reach each other. Then two
 * networks change at once on one host, one of them in a way the host refuses. Needs root.
 */
@NetnsTests
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshIT {
  private static final Duration BRING_UP = Duration.ofMinutes(4);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  @Autowired Fleet fleet;
  @Autowired NetnsProvider netns;
  @Autowired HostMachineRepository machines;
  @Autowired MeshIdentityRepository identities;
  private UUID workspace;
  private String networkA;
  private String networkC;
  /** host id → machine id, in registration order: a1, a2, a3 (network A), c1 (network C). */
  private final Map<String, String> hosts = new LinkedHashMap<>();

  @BeforeAll
  void needsRootAndWireGuard() {
    NetnsRequirements.assumeUsable();
    for (String tool : List.of("/usr/bin/wg", "/usr/bin/ping")) {
      assumeTrue(Files.isExecutable(Path.of(tool)), "needs " + tool + " (apt-get install wireguard-tools wireguard-go iputils-ping)");
    }
    assumeTrue(Files.exists(Path.of("/sys/module/wireguard")) || Files.isExecutable(Path.of("/usr/bin/wireguard-go")),
        "needs kernel WireGuard or wireguard-go (apt-get install wireguard-go)");
  }

  @Test
  @Order(1)
  void hostsThatJoinAtRegistrationComeUpMeshedAndPingEachOther() throws Exception {
    workspace = fleet.createWorkspace("mesh-" + UUID.randomUUID().toString().substring(0, 8));
    networkA = network("a", "10.90.0.0/24");
    networkC = network("c", "10.92.0.0/24");
    for (String name : List.of("a1", "a2", "a3", "c1")) {
      String network = name.startsWith("a") ? networkA : networkC;
      String hostId = fleet.call(fleet.ownerKey(), post(path("/hosts")),
          "{\"name\":\"" + name + "\",\"provider\":\"netns\",\"networks\":[\"" + network + "\"]}", 201).get("hostId").asText();
      hosts.put(hostId, null);
    }
    for (String hostId : hosts.keySet()) {
      JsonNode host = await("/hosts/" + hostId, h -> "MANAGED".equals(h.at("/bringUp/phase").asText()), BRING_UP);
      hosts.put(hostId, host.at("/machine/machineId").asText());
      JsonNode mesh = fleet.get(fleet.ownerKey(), path("/hosts/" + hostId + "/mesh"));
      assertThat(mesh.get("outcome").asText()).as("the bring-up's mesh step waited for the mesh").isEqualTo("APPLIED");
    }

    assertAllPairsPing(aHosts(), addresses(networkA));
    assertThat(ping(c1(), addresses(networkA).get(aHosts().get(0)))).as("C does not reach A before the bridge").isFalse();
  }

  @Test
  @Order(2)
  void aRevisionOneHostRefusesIsRolledBackEverywhereAndTheMeshKeepsWorking() throws Exception {
    assumeTrue(hosts.size() == 4 && hosts.values().stream().allMatch(m -> m != null), "the hosts did not come up");
    String breaker = aHosts().get(2);
    netns.exec(hosts.get(breaker), "ip route add 10.91.0.0/24 dev eth0");
    String networkB = network("b", "10.91.0.0/24");

    for (String hostId : aHosts()) {
      fleet.call(fleet.ownerKey(), put(path("/networks/" + networkB + "/members/" + hostId)), null, 200);
    }

    JsonNode refused = await("/hosts/" + breaker + "/mesh", m -> "REFUSED".equals(m.get("outcome").asText()), SETTLE);
    assertThat(refused.get("detail").asText()).contains("10.91.0.0/24 overlaps the host's route");
    for (String hostId : aHosts()) {
      await("/hosts/" + hostId + "/mesh", m -> m.get("desiredRevision").asLong() == m.get("appliedRevision").asLong(), SETTLE);
    }
    String breakerKey = identities.of(List.of(UUID.fromString(breaker))).get(0).publicKey();
    for (String hostId : aHosts()) {
      String allowed = netns.exec(hosts.get(hostId), "wg show lbmesh0 allowed-ips");
      assertThat(allowed.lines().filter(line -> line.startsWith(breakerKey)))
          .as("no host routes network B to the host that refused it: %s", allowed)
          .allSatisfy(line -> assertThat(line).doesNotContain("10.91.0."));
    }
    assertThat(netns.exec(hosts.get(breaker), "ip -o addr show dev lbmesh0")).doesNotContain("10.91.0.");
    // Whatever rounds the joins were coalesced into, the last one had the breaker in it: every other host was in it too
    // (the breaker is a new peer for them), applied it, and was rolled back.
    for (String hostId : aHosts().subList(0, 2)) {
      assertThat(fleet.get(fleet.ownerKey(), path("/hosts/" + hostId + "/mesh")).get("outcome").asText()).isEqualTo("ROLLED_BACK");
    }
    assertAllPairsPing(aHosts(), addresses(networkA));
    await("/hosts/" + breaker, h -> "DEGRADED".equals(h.get("state").asText()), Duration.ofSeconds(60));
  }

  @Test
  @Order(3)
  void aBridgeMakesTheHostsOfBothNetworksReachEachOther() throws Exception {
    assumeTrue(hosts.size() == 4 && hosts.values().stream().allMatch(m -> m != null), "the hosts did not come up");
    Instant bridged = Instant.now();
    fleet.call(fleet.ownerKey(), put(path("/networks/" + networkA + "/bridges/" + networkC)), null, 204);

    String c1Address = addresses(networkC).get(c1());
    Map<String, String> aAddresses = addresses(networkA);
    for (String hostId : aHosts()) {
      awaitPing(c1(), aAddresses.get(hostId));
      awaitPing(hostId, c1Address);
    }
    System.out.printf("MeshIT: bridge to all-pairs ping across it in %d ms%n", Duration.between(bridged, Instant.now()).toMillis());
  }

  /**
   * Two networks change at once on a shared host: a2 joins network E, which overlaps a route on a2,
   * while A is bridged to network D. E's round fails on a2; A's round must neither carry E to a2 (a2
   * would refuse it, and A would roll back everywhere) nor be undone by E's rollback.
   */
  @Test
  @Order(4)
  void twoNetworksChangingAtOnceOnASharedHostDoNotUndoEachOther() throws Exception {
    assumeTrue(hosts.size() == 4 && hosts.values().stream().allMatch(m -> m != null), "the hosts did not come up");
    String a2 = aHosts().get(1);
    String networkD = network("d", "10.93.0.0/24");
    fleet.call(fleet.ownerKey(), put(path("/networks/" + networkD + "/members/" + c1())), null, 200);
    await("/hosts/" + c1() + "/mesh", m -> "APPLIED".equals(m.get("outcome").asText())
        && m.get("desiredRevision").asLong() == m.get("appliedRevision").asLong(), SETTLE);
    netns.exec(hosts.get(a2), "ip route add 10.94.0.0/24 dev eth0");
    String networkE = network("e", "10.94.0.0/24");

    fleet.call(fleet.ownerKey(), put(path("/networks/" + networkE + "/members/" + a2)), null, 200);
    fleet.call(fleet.ownerKey(), put(path("/networks/" + networkA + "/bridges/" + networkD)), null, 204);

    String c1InD = addresses(networkD).get(c1());
    for (String hostId : aHosts()) {
      awaitPing(hostId, c1InD);
    }
    for (String hostId : aHosts()) {
      await("/hosts/" + hostId + "/mesh", m -> m.get("desiredRevision").asLong() == m.get("appliedRevision").asLong(), SETTLE);
    }
    assertThat(netns.exec(hosts.get(a2), "ip -o addr show dev lbmesh0")).as("a2 refused E").doesNotContain("10.94.0.");
    assertAllPairsPing(aHosts(), addresses(networkA));
  }

  /** Machines outlive the control plane by design (like cloud VMs), so the test removes its own. */
  @AfterAll
  void destroyMachines() {
    for (String hostId : hosts.keySet()) {
      machines.find(UUID.fromString(hostId)).ifPresent(machine -> netns.destroy(machine.machineId()));
    }
  }

  private void assertAllPairsPing(List<String> from, Map<String, String> addresses) throws Exception {
    Instant started = Instant.now();
    for (String source : from) {
      for (String target : from) {
        if (!source.equals(target)) {
          awaitPing(source, addresses.get(target));
        }
      }
    }
    System.out.printf("MeshIT: all-pairs ping among %d hosts in %d ms%n", from.size(), Duration.between(started, Instant.now()).toMillis());
  }

  /** The first packets wait for a handshake: a few tries. */
  private void awaitPing(String fromHost, String address) throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      if (ping(fromHost, address)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("host " + fromHost + " cannot ping " + address + " over the mesh: "
        + netns.exec(hosts.get(fromHost), "wg show lbmesh0 2>&1; ip -o addr show dev lbmesh0 2>&1; true"));
  }

  private boolean ping(String fromHost, String address) {
    return netns.exec(hosts.get(fromHost), "ping -c 1 -W 1 " + address + " >/dev/null 2>&1 && echo up || echo down").strip().equals("up");
  }

  private Map<String, String> addresses(String network) throws Exception {
    Map<String, String> byHost = new LinkedHashMap<>();
    for (JsonNode member : fleet.get(fleet.ownerKey(), path("/networks/" + network)).get("members")) {
      byHost.put(member.get("hostId").asText(), member.get("address").asText());
    }
    return byHost;
  }

  private List<String> aHosts() {
    return new ArrayList<>(hosts.keySet()).subList(0, 3);
  }

  private String c1() {
    return new ArrayList<>(hosts.keySet()).get(3);
  }

  private String network(String name, String cidr) throws Exception {
    return fleet.call(fleet.ownerKey(), post(path("/networks")), "{\"name\":\"" + name + "\",\"cidr\":\"" + cidr + "\"}", 201)
        .get("id").asText();
  }

  private String path(String suffix) {
    return "/api/v1/workspaces/" + workspace + suffix;
  }

  private JsonNode await(String suffix, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    Instant until = Instant.now().plus(timeout);
    JsonNode node = fleet.get(fleet.ownerKey(), path(suffix));
    while (!condition.test(node) && Instant.now().isBefore(until)) {
      Thread.sleep(500);
      node = fleet.get(fleet.ownerKey(), path(suffix));
    }
    assertThat(condition.test(node)).as("%s within %s, last seen as %s", suffix, timeout, node).isTrue();
    return node;
  }
}
