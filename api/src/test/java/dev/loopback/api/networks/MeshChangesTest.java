package dev.loopback.api.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.loopback.activities.mesh.MeshChanges;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.workflows.mesh.NetworkApplyWorkflow;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A burst of changes to a network wakes its apply workflow once, not once per change: the
 * workflow's next planning reads them all. After it has planned, the next change wakes it again.
 */
@ApiTest
class MeshChangesTest {
  @Autowired Fleet fleet;
  @Autowired MeshChanges changes;
  @Autowired WorkflowClient temporal;
  @Autowired JdbcClient jdbc;

  @Test
  void aBurstOfChangesIsOneSignalAndAChangeAfterThePlanningIsAnother() throws Exception {
    UUID workspace = fleet.createWorkspace("mc-" + UUID.randomUUID().toString().substring(0, 8));
    UUID network = UUID.fromString(fleet.call(fleet.ownerKey(), post("/api/v1/workspaces/" + workspace + "/networks"),
        "{\"name\":\"burst\",\"cidr\":\"10.77.0.0/24\"}", 201).get("id").asText());
    changes.networkChanged(network);
    awaitPlanned(network);
    long before = signals(network);

    for (int i = 0; i < 25; i++) {
      changes.networkChanged(network);
    }
    awaitPlanned(network);
    long burst = signals(network) - before;

    changes.networkChanged(network);
    awaitPlanned(network);

    assertThat(burst).as("25 changes in a row").isBetween(1L, 3L);
    assertThat(signals(network) - before - burst).as("a change after the planning").isEqualTo(1);
  }

  /** The workflow has planned since the last wake: the mark is cleared. */
  private void awaitPlanned(UUID network) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(20);
    while (jdbc.sql("SELECT apply_requested_at IS NOT NULL FROM networks WHERE id = ?").param(network).query(Boolean.class).single()
        && Instant.now().isBefore(until)) {
      Thread.sleep(50);
    }
    assertThat(jdbc.sql("SELECT apply_requested_at FROM networks WHERE id = ?").param(network).query(Instant.class).optional())
        .as("planned").isEmpty();
  }

  private long signals(UUID network) {
    return temporal.fetchHistory(NetworkApplyWorkflow.workflowId(network.toString())).getHistory().getEventsList().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes).count();
  }
}
