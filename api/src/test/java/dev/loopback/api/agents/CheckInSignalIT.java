package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.workflows.hosts.AgentCheckIn;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A host registered before its agent exists is claimed by the agent's token, and its check-in wakes the waiting workflow. */
@ApiTest
class CheckInSignalIT {
  private static final String QUEUE = "test-bringup";
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient temporal;

  @WorkflowInterface
  public interface AwaitsCheckIn {
    @WorkflowMethod
    AgentCheckIn await();

    @SignalMethod(name = AgentCheckIn.SIGNAL)
    void agentCheckedIn(AgentCheckIn checkIn);
  }

  public static class AwaitsCheckInImpl implements AwaitsCheckIn {
    private AgentCheckIn received;

    @Override
    public AgentCheckIn await() {
      Workflow.await(() -> received != null);
      return received;
    }

    @Override
    public void agentCheckedIn(AgentCheckIn checkIn) {
      received = checkIn;
    }
  }

  @Test
  void claimsThePreRegisteredHostAndSignalsItsBringUpOnCheckIn() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("checkin-" + UUID.randomUUID().toString().substring(0, 8));
    UUID hostId = UUID.randomUUID();
    jdbc.sql("""
        INSERT INTO hosts (id, organization_id, workspace_id, name, lifecycle, created_at)
        SELECT ?, organization_id, id, 'web-7', 'PENDING', now() FROM workspaces WHERE id = ?""")
        .param(hostId).param(workspace).update();
    String token = harness.mintToken(workspace, "{}");
    jdbc.sql("UPDATE agent_tokens SET host_id = ? WHERE lookup = ?").param(hostId).param(token.split("_")[1]).update();
    assertThat(state(workspace, hostId)).isEqualTo("PENDING");

    WorkerFactory workers = WorkerFactory.newInstance(temporal);
    workers.newWorker(QUEUE).registerWorkflowImplementationTypes(AwaitsCheckInImpl.class);
    workers.start();
    try {
      AwaitsCheckIn bringUp = temporal.newWorkflowStub(AwaitsCheckIn.class, WorkflowOptions.newBuilder()
          .setWorkflowId(AgentCheckIn.bringUpWorkflowId(hostId.toString())).setTaskQueue(QUEUE)
          .setWorkflowExecutionTimeout(Duration.ofMinutes(1)).build());
      var result = WorkflowClient.execute(bringUp::await);

      AgentHarness.Enrolled host = harness.enroll(token, "127.0.7.1");
      assertThat(host.hostId()).isEqualTo(hostId);
      try (RawAgent agent = RawAgent.connect(harness.mutualTls(host), gateway.port(), "127.0.7.1")) {
        assertThat(agent.request(new AgentHelloRequest(ProtocolVersion.CURRENT, "raw-3.1", List.of()))).isInstanceOf(AgentHelloResponse.class);

        AgentCheckIn checkIn = result.get(30, TimeUnit.SECONDS);
        assertThat(checkIn.hostId()).isEqualTo(hostId.toString());
        assertThat(checkIn.agentVersion()).isEqualTo("raw-3.1");
        assertThat(checkIn.replicaId()).isEqualTo("test-replica");
        assertThat(state(workspace, hostId)).as("checked in, bring-up not finished").isEqualTo("CONNECTED");
      }
    } finally {
      workers.shutdownNow();
    }

    Message again = harness.enrollOnce(token, KeyPairs.ecP256(), "127.0.7.2", ProtocolVersion.CURRENT);
    assertThat(again).as("a claimed host cannot be claimed twice").isInstanceOfSatisfying(Refusal.class,
        refusal -> assertThat(refusal.code()).isEqualTo(RefusalCode.TOKEN_EXHAUSTED));
  }

  private String state(UUID workspace, UUID hostId) throws Exception {
    return fleet.get(fleet.ownerKey(), "/api/v1/workspaces/" + workspace + "/hosts/" + hostId).get("state").asText();
  }
}
