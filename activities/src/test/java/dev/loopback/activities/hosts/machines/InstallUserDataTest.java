package dev.loopback.activities.hosts.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallUserDataTest {
  private static final UUID WORKSPACE = UUID.fromString("5d0c3a2b-8e41-4f3c-b7a9-2c4e6f8a1b3d");

  @Test
  void fetchesTheWorkspaceScriptAndPassesTheTokenByEnvironmentOnly() {
    String script = InstallUserData.render(URI.create("http://10.213.0.1:8080/"), WORKSPACE, "web-1", "lbk_secret");

    assertThat(script).contains("'http://10.213.0.1:8080/system/v1/workspaces/" + WORKSPACE + "/install.sh?channel=stable'");
    assertThat(script).contains("LOOPBACK_TOKEN='lbk_secret'\nexport LOOPBACK_TOKEN");
    assertThat(script.lines().filter(line -> line.contains("lbk_secret")).count())
        .as("the token is only ever assigned, never an argument").isEqualTo(1);
  }

  /** Runs the rendered script's assignment in a real shell: whatever the token holds, it arrives unchanged. */
  @Test
  void quotingSurvivesAShell(@TempDir Path dir) throws IOException, InterruptedException {
    String nasty = "a'b\"c$(touch " + dir.resolve("pwned") + ")`x`;\\";
    String assignment = "LOOPBACK_TOKEN=" + InstallUserData.quote(nasty) + "\nprintf %s \"$LOOPBACK_TOKEN\"\n";
    Process sh = new ProcessBuilder("sh", "-c", assignment).start();

    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo(nasty);
    assertThat(Files.exists(dir.resolve("pwned"))).isFalse();
  }

  @Test
  void aHostNameCannotBreakOutOfTheComment() {
    String script = InstallUserData.render(URI.create("http://cp"), WORKSPACE, "x\nrm -rf /", "t");

    assertThat(script).doesNotContain("\nrm -rf /");
  }
}
