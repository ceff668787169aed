package dev.loopback.workflows.hosts;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records {@code histories/host-bringup-provisioned.json} for {@link HostBringUpWorkflowReplayTest}:
 * a provisioned machine polled twice, the check-in, two configuration steps. Re-record only on
 * purpose (see {@code TokenHygieneHistoryRecorder}):
 *
 * <pre>mvn -o -pl workflows test -Dtest=HostBringUpHistoryRecorder -Dloopback.recordHistories=true</pre>
 */
@EnabledIfSystemProperty(named = "loopback.recordHistories", matches = "true")
class HostBringUpHistoryRecorder {
  private static final Path HISTORY = Path.of("src/test/resources/histories/host-bringup-provisioned.json");

  @Test
  void recordsAProvisionedBringUp() throws Exception {
    try (BringUpFixture fixture = new BringUpFixture()) {
      when(fixture.activities.machineStatus(any())).thenReturn(
          new MachineStatus(BringUpFixture.MACHINE, "CREATING", null), new MachineStatus(BringUpFixture.MACHINE, "RUNNING", null));
      fixture.runCheckedIn(BringUpFixture.provision(List.of("mesh", "modules")));
      Files.writeString(HISTORY, fixture.env.getWorkflowClient()
          .fetchHistory(AgentCheckIn.bringUpWorkflowId(BringUpFixture.HOST)).toJson(true));
    }
  }
}
