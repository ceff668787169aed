package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.api.Fleet;
import dev.loopback.api.NetnsRequirements;
import dev.loopback.api.NetnsTests;
import dev.loopback.activities.providers.MachineState;
import dev.loopback.activities.providers.netns.NetnsProvider;
import dev.loopback.db.hosts.HostMachineRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Three real local hosts through the API: each a network namespace whose first boot runs the
 * workspace's install script, which installs the agent's .deb; the agent checks in and the bring-up
 * ends MANAGED. Then power off and on, with the host's state following. Needs root.
 */
@NetnsTests
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsFleetIT {
  private static final Duration BRING_UP = Duration.ofMinutes(4);
  @Autowired Fleet fleet;
  @Autowired NetnsProvider netns;
  @Autowired HostMachineRepository machines;
  private UUID workspace;
  private final List<String> hostIds = new ArrayList<>();

  @BeforeAll
  static void needsRoot() {
    NetnsRequirements.assumeUsable();
  }

  @Test
  @Order(1)
  void threeProvisionedHostsComeUpManagedThroughTheInstallScript() throws Exception {
    workspace = fleet.createWorkspace("netns-" + UUID.randomUUID().toString().substring(0, 8));
    for (String name : List.of("web-1", "web-2", "web-3")) {
      JsonNode created = fleet.call(fleet.ownerKey(), post(hosts()), "{\"name\":\"" + name + "\",\"provider\":\"netns\",\"checkInDeadline\":\"PT5M\"}", 201);
      assertThat(created.get("provider").asText()).isEqualTo("netns");
      assertThat(created.has("installToken")).as("a provisioned host's token goes to the machine only").isFalse();
      hostIds.add(created.get("hostId").asText());
    }

    for (String hostId : hostIds) {
      JsonNode host = await(hostId, h -> "MANAGED".equals(h.get("state").asText()), BRING_UP);
      assertThat(host.at("/bringUp/phase").asText()).isEqualTo("MANAGED");
      assertThat(host.at("/machine/provider").asText()).isEqualTo("netns");
      assertThat(host.at("/machine/powerState").asText()).isEqualTo("RUNNING");
      assertThat(host.get("agentVersion").asText()).isNotBlank();
      assertThat(host.at("/session/remoteAddress").asText()).as("the agent dials from its namespace").startsWith("10.215.0.");
    }
  }

  @Test
  @Order(2)
  void aHostPoweredOffDisconnectsAndComesBackWhenPoweredOn() throws Exception {
    assumeTrue(!hostIds.isEmpty(), "the fleet did not come up");
    String hostId = hostIds.get(0);

    fleet.call(fleet.ownerKey(), post(hosts() + "/" + hostId + "/power"), "{\"action\":\"OFF\"}", 202);
    awaitPower(hostId, "SUCCEEDED");
    JsonNode off = await(hostId, h -> "DISCONNECTED".equals(h.get("state").asText()), Duration.ofSeconds(60));
    assertThat(off.at("/machine/powerState").asText()).isEqualTo("OFF");
    assertThat(off.at("/machine/lastPowerAction/action").asText()).isEqualTo("OFF");

    fleet.call(fleet.ownerKey(), post(hosts() + "/" + hostId + "/power"), "{\"action\":\"ON\"}", 202);
    awaitPower(hostId, "SUCCEEDED");
    JsonNode on = await(hostId, h -> "MANAGED".equals(h.get("state").asText()), Duration.ofSeconds(120));
    assertThat(on.at("/machine/powerState").asText()).isEqualTo("RUNNING");
    assertThat(on.at("/machine/lastPowerAction/outcome").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  @Order(3)
  void aKubernetesNodeIsPoweredOffOnlyOnceCordoned() throws Exception {
    assumeTrue(hostIds.size() > 1, "the fleet did not come up");
    String hostId = hostIds.get(1);
    fleet.call(fleet.ownerKey(), put(hosts() + "/" + hostId + "/labels"), "{\"labels\":{\"node-role.kubernetes.io/worker\":\"\"}}", 200);

    JsonNode refused = fleet.call(fleet.ownerKey(), post(hosts() + "/" + hostId + "/power"), "{\"action\":\"RESET\"}", 409);
    assertThat(refused.get("detail").asText()).contains("Kubernetes node").contains("cordoned");

    fleet.call(fleet.ownerKey(), post(hosts() + "/" + hostId + "/power"), "{\"action\":\"RESET\",\"cordoned\":true}", 202);
    assertThat(awaitPower(hostId, "SUCCEEDED").get("machineState").asText()).isEqualTo("RUNNING");
    await(hostId, h -> "MANAGED".equals(h.get("state").asText()), Duration.ofSeconds(120));
  }

  @Test
  @Order(4)
  void refusesPowerActionsOnAdoptedHostsAndUnknownActions() throws Exception {
    assumeTrue(hostIds.size() > 2, "the fleet did not come up");
    JsonNode unknown = fleet.call(fleet.ownerKey(), post(hosts() + "/" + hostIds.get(2) + "/power"), "{\"action\":\"HIBERNATE\"}", 400);
    assertThat(unknown.toString()).contains("action");
    String adopted = fleet.call(fleet.ownerKey(), post(hosts()), "{\"name\":\"bare-1\"}", 201).get("hostId").asText();
    JsonNode noMachine = fleet.call(fleet.ownerKey(), post(hosts() + "/" + adopted + "/power"), "{\"action\":\"OFF\"}", 409);
    assertThat(noMachine.get("detail").asText()).contains("no machine");
  }

  @Test
  @Order(5)
  void cancellingAProvisionedBringUpDestroysItsMachine() throws Exception {
    assumeTrue(workspace != null, "no workspace");
    // Installing takes seconds (download, dpkg, a JVM start): the cancel lands while the bring-up awaits the check-in.
    String hostId = fleet.call(fleet.ownerKey(), post(hosts()), "{\"name\":\"doomed\",\"provider\":\"netns\"}", 201)
        .get("hostId").asText();
    hostIds.add(hostId);
    JsonNode provisioned = await(hostId, h -> h.hasNonNull("machine"), Duration.ofSeconds(30));
    String machineId = provisioned.at("/machine/machineId").asText();

    fleet.call(fleet.ownerKey(), delete(hosts() + "/" + hostId + "/bring-up"), null, 202);

    JsonNode cancelled = await(hostId, h -> "CANCELLED".equals(h.at("/bringUp/phase").asText()), Duration.ofSeconds(60));
    assertThat(cancelled.at("/machine/powerState").asText()).isEqualTo("GONE");
    assertThat(cancelled.get("lifecycle").asText()).isEqualTo("FAILED");
    assertThat(netns.status(machineId).state()).isEqualTo(MachineState.GONE);
  }

  /** Machines outlive the control plane by design (like cloud VMs), so the test removes its own. */
  @AfterAll
  void destroyMachines() {
    for (String hostId : hostIds) {
      machines.find(UUID.fromString(hostId)).ifPresent(machine -> netns.destroy(machine.machineId()));
    }
  }

  private String hosts() {
    return "/api/v1/workspaces/" + workspace + "/hosts";
  }

  private JsonNode await(String hostId, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    Instant until = Instant.now().plus(timeout);
    JsonNode host = fleet.get(fleet.ownerKey(), hosts() + "/" + hostId);
    while (!condition.test(host) && Instant.now().isBefore(until)) {
      Thread.sleep(500);
      host = fleet.get(fleet.ownerKey(), hosts() + "/" + hostId);
    }
    assertThat(condition.test(host)).as("host %s within %s, last seen as %s", hostId, timeout, host).isTrue();
    return host;
  }

  private JsonNode awaitPower(String hostId, String outcome) throws Exception {
    Instant until = Instant.now().plusSeconds(90);
    JsonNode status = fleet.get(fleet.ownerKey(), hosts() + "/" + hostId + "/power");
    while ("IN_PROGRESS".equals(status.get("outcome").asText()) && Instant.now().isBefore(until)) {
      Thread.sleep(300);
      status = fleet.get(fleet.ownerKey(), hosts() + "/" + hostId + "/power");
    }
    assertThat(status.get("outcome").asText()).as("power action on %s: %s", hostId, status).isEqualTo(outcome);
    return status;
  }
}
