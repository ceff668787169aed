package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.enrollment.CertificateRenewal;
import dev.loopback.activities.agents.enrollment.EnrollmentBatcher;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.catalog.ModuleAssignments;
import dev.loopback.activities.catalog.ModulePushes;
import dev.loopback.activities.catalog.ModuleWatch;
import dev.loopback.db.catalog.CatalogRepository;
import dev.loopback.db.catalog.WorkspaceModuleRepository;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import dev.loopback.protocol.packages.PackageSignatures;
import java.security.SecureRandom;
import dev.loopback.activities.catalog.UpdateIndex;
import dev.loopback.activities.mesh.MeshIdentities;
import dev.loopback.activities.mesh.MeshRequests;
import dev.loopback.activities.agents.gateway.CheckInSignals;
import dev.loopback.activities.agents.gateway.HeartbeatRecorder;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.agents.rpc.AgentRpcActivitiesImpl;
import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.SessionAdmission;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.HostCertificateRepository;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * A second control-plane replica in the same test JVM ({@code replica-b}: its own gateway, session
 * map and {@code agent-rpc/replica-b} worker, the same PostgreSQL and Temporal): a command finds
 * the agent on whichever replica holds it, and is re-routed when the registry named a dead replica.
 */
@ApiTest
class SecondReplicaIT {
  @Autowired Fleet fleet;
  @Autowired AgentGateway gatewayA;
  @Autowired AgentCertificateAuthority ca;
  @Autowired EnrollmentBatcher enrollments;
  @Autowired CertificateRenewal renewal;
  @Autowired HeartbeatRecorder heartbeats;
  @Autowired CheckInSignals checkIns;
  @Autowired AgentSessionRepository registry;
  @Autowired HostCertificateRepository certificates;
  @Autowired HostRepository hosts;
  @Autowired AuditLog audit;
  @Autowired WorkflowClient temporal;
  @Autowired JdbcClient jdbc;
  @Autowired MeshIdentities meshIdentities;
  @Autowired MeshRequests meshRequests;
  @Autowired UpdateIndex updates;
  @Autowired ModuleAssignments moduleAssignments;
  @Autowired WorkspaceModuleRepository workspaceModules;
  @Autowired CatalogRepository catalog;
  AgentGateway gatewayB;
  WorkerFactory workersB;
  ModuleWatch moduleWatchB;

  @BeforeEach
  void startReplicaB() {
    Clock clock = Clock.systemUTC();
    AgentChannelSettings settings = new AgentChannelSettings(0, "127.0.0.1", List.of("localhost", "127.0.0.1"), "replica-b",
        Duration.ofSeconds(2), null, null, "unused", Path.of("target", "unused"), null);
    AgentSessions sessionsB = new AgentSessions(registry, settings, clock);
    ModulePushes modulePushesB = new ModulePushes(moduleAssignments, sessionsB, hosts);
    gatewayB = new AgentGateway(settings, ca, enrollments, new SessionAdmission(certificates, hosts, sessionsB, audit, clock),
        renewal, sessionsB, heartbeats, checkIns, meshIdentities, updates, modulePushesB, clock);
    gatewayB.start();
    moduleWatchB = new ModuleWatch(workspaceModules, catalog, modulePushesB);
    moduleWatchB.start();
    workersB = WorkerFactory.newInstance(temporal);
    workersB.newWorker(TaskQueues.agentRpc("replica-b")).registerActivitiesImplementations(new AgentRpcActivitiesImpl(sessionsB, meshRequests));
    workersB.start();
  }

  @AfterEach
  void stopReplicaB() {
    moduleWatchB.stop();
    workersB.shutdownNow();
    gatewayB.stop();
  }

  @Test
  void commandsReachTheAgentOnWhicheverReplicaHoldsItsChannel() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gatewayA, ca);
    UUID workspace = fleet.createWorkspace("replicas-" + UUID.randomUUID().toString().substring(0, 8));
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.11.1");
    String ping = "/api/v1/workspaces/" + workspace + "/hosts/" + host.hostId() + "/ping";

    try (RawAgent onA = session(harness, host, gatewayA.port())) {
      assertThat(fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(ping), null, 200).get("replicaId").asText())
          .isEqualTo("test-replica");
    }
    awaitNoSession(host.hostId());
    try (RawAgent onB = session(harness, host, gatewayB.port())) {
      JsonNode pong = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(ping), null, 200);
      assertThat(pong.get("replicaId").asText()).isEqualTo("replica-b");
      assertThat(pong.get("routes").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aModuleAssignedThroughOneReplicaReachesAHostConnectedToTheOther() throws Exception {
    String module = "rep-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post("/api/v1/catalog/signing-keys"),
        "{\"id\":\"k-" + module + "\",\"publicKey\":\"" + PackageSignatures.publicKeyOf(key) + "\"}", 201);
    fleet.publishRelease(module, "1.0.0", "\"channel\":\"stable\",\"eligibility\":\"any\",\"requiresCore\":\"any\"", "tar.gz",
        ("module " + module).getBytes(), "k-" + module, key);
    AgentHarness harness = new AgentHarness(fleet, gatewayA, ca);
    UUID workspace = fleet.createWorkspace("replicas-" + module);
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.11.3");

    try (RawAgent onB = RawAgent.connect(harness.mutualTls(host), gatewayB.port(), "127.0.11.9")) {
      assertThat(onB.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "1.5.0", List.of()))).isInstanceOf(AgentHelloResponse.class);
      assertThat(onB.receive(Duration.ofMillis(500))).as("nothing to run yet").isNull();

      fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.put("/api/v1/workspaces/" + workspace + "/modules/" + module),
          "{\"channel\":\"stable\"}", 200);

      Envelope pushed = onB.receive(Duration.ofSeconds(10));
      assertThat(pushed).as("replica-b noticed the change made through this replica").isNotNull();
      assertThat(((ModulesDesiredRequest) pushed.message()).modules()).singleElement()
          .satisfies(desired -> assertThat(desired.release().version()).isEqualTo("1.0.0"));
      onB.reply(pushed.correlationId(), new ModulesDesiredResponse(List.of(), List.of()));
      assertThat(onB.receive(Duration.ofSeconds(3))).as("sent once").isNull();
    }
  }

  @Test
  void reroutesWhenTheRegistryNamedAReplicaThatIsGone() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gatewayA, ca);
    UUID workspace = fleet.createWorkspace("reroute-" + UUID.randomUUID().toString().substring(0, 8));
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.11.2");
    String ping = "/api/v1/workspaces/" + workspace + "/hosts/" + host.hostId() + "/ping";

    try (RawAgent onB = session(harness, host, gatewayB.port())) {
      // The registry still names a replica that died without cleaning up; it comes right a moment later.
      jdbc.sql("UPDATE agent_sessions SET replica_id = 'replica-gone' WHERE host_id = ?").param(host.hostId()).update();
      CompletableFuture.runAsync(() -> {
        sleep(Duration.ofSeconds(1));
        jdbc.sql("UPDATE agent_sessions SET replica_id = 'replica-b' WHERE host_id = ?").param(host.hostId()).update();
      });

      JsonNode pong = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(ping), null, 200);

      assertThat(pong.get("replicaId").asText()).isEqualTo("replica-b");
      assertThat(pong.get("routes").asInt()).as("first route timed out waiting for replica-gone").isEqualTo(2);
    }
  }

  private static RawAgent session(AgentHarness harness, AgentHarness.Enrolled host, int port) throws Exception {
    RawAgent agent = RawAgent.connect(harness.mutualTls(host), port, "127.0.11.9").answeringPings();
    assertThat(agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "raw-1.0", List.of()))).isInstanceOf(AgentHelloResponse.class);
    return agent;
  }

  private void awaitNoSession(UUID hostId) {
    for (int i = 0; i < 50 && registry.find(hostId).isPresent(); i++) {
      sleep(Duration.ofMillis(100));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
