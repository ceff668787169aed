package dev.loopback.workflows.agents;

import static dev.loopback.workflows.agents.PingHostFixture.HOST;
import static dev.loopback.workflows.agents.PingHostFixture.at;
import static dev.loopback.workflows.agents.PingHostFixture.pong;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records {@code histories/ping-host-rerouted.json} for {@link PingHostWorkflowReplayTest}: the
 * agent moved, the first replica says so, the second answers. Re-record only on purpose (see
 * {@code TokenHygieneHistoryRecorder}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=PingHostHistoryRecorder -Dloopback.recordHistories=true</pre>
 */
@EnabledIfSystemProperty(named = "loopback.recordHistories", matches = "true")
class PingHostHistoryRecorder {
  private static final Path HISTORY = Path.of("src/test/resources/histories/ping-host-rerouted.json");

  @Test
  void recordsAPingThatIsReroutedOnce() throws Exception {
    try (PingHostFixture fixture = new PingHostFixture()) {
      when(fixture.locator.locate(any())).thenReturn(at("r1"), at("r2"));
      when(fixture.replica1.ping(any())).thenThrow(
          ApplicationFailure.newNonRetryableFailure("host has no channel here", AgentRpcActivities.AGENT_NOT_HERE));
      when(fixture.replica2.ping(any())).thenReturn(pong("r2"));
      fixture.workflow("recorded").ping(new PingHostInput(HOST, "recorded"));
      Files.writeString(HISTORY, fixture.env.getWorkflowClient()
          .fetchHistory(PingHostWorkflow.workflowId(HOST, "recorded")).toJson(true));
    }
  }
}
