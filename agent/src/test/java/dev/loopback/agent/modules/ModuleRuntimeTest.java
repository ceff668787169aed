package dev.loopback.agent.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.protocol.messages.ModuleState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: small shell scripts installed as module versions. */
class ModuleRuntimeTest {
  @TempDir Path root;
  private ModuleRuntime runtime;

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void runsAModuleWithItsPolicyAndReportsItsMetrics() throws Exception {
    runtime = new ModuleRuntime(root, Duration.ofMillis(50));
    install("metrics", "1.0.0", """
        echo "{\\"policy\\": $LOOPBACK_MODULE_POLICY}"
        while :; do echo '{"load1": 0.25, "memAvailableKb": 1024, "note": "text is not a metric"}'; sleep 0.1; done
        """);

    runtime.activate("metrics", "1.0.0", "{\"interval\":10}");

    ModuleState state = await("metrics", s -> s.metrics() != null && s.metrics().containsKey("load1"));
    assertThat(state.state()).isEqualTo("active");
    assertThat(state.version()).isEqualTo("1.0.0");
    assertThat(state.metrics()).containsEntry("load1", 0.25).containsEntry("memAvailableKb", 1024.0).doesNotContainKey("note");
  }

  /** The real host-metrics module of this repository, on this machine's /proc. */
  @Test
  void theHostMetricsModuleReportsLoadMemoryAndInterfaceCounters() throws Exception {
    runtime = new ModuleRuntime(root, Duration.ofMillis(50));
    Path dir = Files.createDirectories(runtime.directory("host-metrics", "0.1.0"));
    Files.copy(Path.of("..", "modules", "host-metrics", "run"), dir.resolve("run"));
    Files.setPosixFilePermissions(dir.resolve("run"), PosixFilePermissions.fromString("rwxr-xr-x"));

    runtime.activate("host-metrics", "0.1.0", "{\"intervalSeconds\": 1}");

    ModuleState state = await("host-metrics", s -> s.metrics() != null);
    assertThat(state.state()).isEqualTo("active");
    assertThat(state.metrics()).containsOnlyKeys("load1", "load5", "load15", "memAvailableKb", "memTotalKb", "rxBytes", "txBytes");
    assertThat(state.metrics().get("memTotalKb")).isGreaterThan(state.metrics().get("memAvailableKb")).isGreaterThan(0.0);
    assertThat(state.metrics().get("load1")).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void aModuleThatKeepsCrashingIsFailedWithItsReasonAndOthersRunOn() throws Exception {
    runtime = new ModuleRuntime(root, Duration.ofMillis(20));
    install("broken", "2.0.0", "echo 'cannot open /dev/nope'; exit 3\n");
    install("metrics", "1.0.0", "while :; do echo '{\"load1\": 1}'; sleep 0.1; done\n");

    runtime.activate("broken", "2.0.0", "{}");
    runtime.activate("metrics", "1.0.0", "{}");

    ModuleState failed = await("broken", s -> s.state().equals("failed"));
    assertThat(failed.message()).contains("exited with status 3", "cannot open /dev/nope", "4 times in a row");
    assertThat(await("metrics", s -> s.metrics() != null).state()).isEqualTo("active");
  }

  @Test
  void theUnhealthyModuleSaysWhyAndTheVersionBeforeCanBeRestored() throws Exception {
    runtime = new ModuleRuntime(root, Duration.ofMillis(20));
    install("metrics", "1.0.0", "while :; do echo '{\"load1\": 1}'; sleep 0.1; done\n");
    Thread.sleep(20);
    install("metrics", "1.1.0", "while :; do echo '{\"health\": \"unhealthy\", \"message\": \"no /proc/net/dev\"}'; sleep 0.1; done\n");

    runtime.activate("metrics", "1.1.0", "{}");
    assertThat(await("metrics", s -> s.state().equals("failed")).message()).isEqualTo("no /proc/net/dev");

    assertThat(runtime.installed("metrics")).containsExactly("1.0.0", "1.1.0");
    runtime.activate("metrics", "1.0.0", "{}");
    ModuleState restored = await("metrics", s -> s.version().equals("1.0.0") && s.metrics() != null);
    assertThat(restored.state()).isEqualTo("active");
  }

  @Test
  void aDisabledModuleStopsAndStaysInstalled() throws Exception {
    runtime = new ModuleRuntime(root, Duration.ofMillis(20));
    Path marker = root.resolve("alive");
    install("metrics", "1.0.0", "while :; do date +%s%N > " + marker + "; echo '{\"load1\": 1}'; sleep 0.05; done\n");
    runtime.activate("metrics", "1.0.0", "{}");
    await("metrics", s -> s.metrics() != null);

    runtime.disable("metrics");

    assertThat(runtime.states()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("disabled"));
    String last = Files.readString(marker);
    Thread.sleep(300);
    assertThat(Files.readString(marker)).as("the process is gone").isEqualTo(last);
    assertThat(runtime.installed("metrics")).containsExactly("1.0.0");
  }

  @Test
  void theSameVersionAndPolicyAgainLeaveTheModuleRunningAndAnotherPolicyRestartsIt() throws Exception {
    runtime = new ModuleRuntime(root, Duration.ofMillis(20));
    Path starts = root.resolve("starts");
    install("metrics", "1.0.0", "echo started >> " + starts + "\nwhile :; do echo '{\"load1\": 1}'; sleep 0.1; done\n");

    runtime.activate("metrics", "1.0.0", "{\"interval\":10}");
    await("metrics", s -> s.metrics() != null);
    runtime.activate("metrics", "1.0.0", "{\"interval\":10}");
    Thread.sleep(300);
    assertThat(Files.readAllLines(starts)).as("a repeated request, e.g. at a hello").hasSize(1);

    runtime.activate("metrics", "1.0.0", "{\"interval\":5}");
    Instant until = Instant.now().plusSeconds(5);
    while (Files.readAllLines(starts).size() < 2 && Instant.now().isBefore(until)) {
      Thread.sleep(20);
    }
    assertThat(Files.readAllLines(starts)).as("a new policy").hasSize(2);
  }

  @Test
  void aVersionInstalledAfterItFailedAsMissingStartsWhenActivatedAgain() throws Exception {
    runtime = new ModuleRuntime(root, Duration.ofMillis(20));
    runtime.activate("metrics", "1.0.0", "{}");
    assertThat(runtime.states()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("failed"));

    install("metrics", "1.0.0", "while :; do echo '{\"load1\": 1}'; sleep 0.1; done\n");
    runtime.activate("metrics", "1.0.0", "{}");

    assertThat(await("metrics", s -> s.metrics() != null).state()).isEqualTo("active");
  }

  @Test
  void aVersionThatIsNotInstalledIsFailedNotFatal() {
    runtime = new ModuleRuntime(root, Duration.ofMillis(20));

    runtime.activate("metrics", "9.9.9", "{}");

    assertThat(runtime.states()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo("failed");
      assertThat(s.message()).startsWith("version 9.9.9 is not installed");
    });
  }

  private void install(String name, String version, String script) throws IOException {
    Path dir = Files.createDirectories(runtime.directory(name, version));
    Path run = Files.writeString(dir.resolve("run"), "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private ModuleState await(String name, Predicate<ModuleState> condition) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(until)) {
      for (ModuleState state : runtime.states()) {
        if (state.name().equals(name) && condition.test(state)) {
          return state;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("module " + name + " did not get there: " + runtime.states());
  }
}
