package dev.loopback.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {
  @TempDir
  Path tmp;

  @Test
  void exitsWithExConfigWhenTheConfigurationIsInvalid() throws IOException {
    Path file = Files.writeString(tmp.resolve("agent.conf"), "endpoint = nope\n");

    assertThat(AgentMain.run(List.of("--config", file.toString()), Map.of())).isEqualTo(78);
  }

  @Test
  void exitsWithExConfigWhenAnUnenrolledHostHasNoToken() throws IOException {
    Path file = Files.writeString(tmp.resolve("agent.conf"), "endpoint = 127.0.0.1:1\nstate-dir = " + tmp.resolve("state") + "\n");

    assertThat(AgentMain.run(List.of("--config", file.toString()), Map.of())).isEqualTo(78);
  }
}
