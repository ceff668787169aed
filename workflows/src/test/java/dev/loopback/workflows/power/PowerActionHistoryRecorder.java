package dev.loopback.workflows.power;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records {@code histories/power-off-polled.json} for {@link PowerActionWorkflowReplayTest}: a power
 * off polled twice before the machine is off. Re-record only on purpose:
 *
 * <pre>mvn -o -pl workflows test -Dtest=PowerActionHistoryRecorder -Dloopback.recordHistories=true</pre>
 */
@EnabledIfSystemProperty(named = "loopback.recordHistories", matches = "true")
class PowerActionHistoryRecorder {
  private static final Path HISTORY = Path.of("src/test/resources/histories/power-off-polled.json");

  @Test
  void recordsAPolledPowerOff() throws Exception {
    try (PowerFixture fixture = new PowerFixture()) {
      when(fixture.activities.powerState(any())).thenReturn(PowerFixture.state("RUNNING"), PowerFixture.state("OFF"));
      fixture.run(PowerFixture.request("OFF"));
      Files.writeString(HISTORY, fixture.env.getWorkflowClient()
          .fetchHistory(PowerActionWorkflow.workflowId(PowerFixture.HOST)).toJson(true));
    }
  }
}
