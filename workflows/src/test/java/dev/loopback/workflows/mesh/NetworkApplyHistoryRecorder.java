package dev.loopback.workflows.mesh;

import static dev.loopback.workflows.mesh.MeshFixture.host;
import static dev.loopback.workflows.mesh.MeshFixture.plan;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records {@code histories/network-apply-rolled-back.json} for {@link NetworkApplyWorkflowReplayTest}:
 * a round of two hosts where one fails and the other is rolled back. Re-record only on purpose:
 *
 * <pre>mvn -o -pl workflows test -Dtest=NetworkApplyHistoryRecorder -Dloopback.recordHistories=true</pre>
 */
@EnabledIfSystemProperty(named = "loopback.recordHistories", matches = "true")
class NetworkApplyHistoryRecorder {
  private static final Path HISTORY = Path.of("src/test/resources/histories/network-apply-rolled-back.json");

  @Test
  void recordsARolledBackRound() throws Exception {
    try (MeshFixture fixture = new MeshFixture()) {
      when(fixture.mesh.planNetwork(MeshFixture.NETWORK)).thenReturn(plan(host("a", 2), host("b", 5)));
      fixture.agents = push -> MeshFixture.result(push, push.hostId().equals("b") ? "REFUSED" : "APPLIED");
      fixture.runUntilIdle();
      Files.writeString(HISTORY, fixture.env.getWorkflowClient()
          .fetchHistory(NetworkApplyWorkflow.workflowId(MeshFixture.NETWORK)).toJson(true));
    }
  }
}
