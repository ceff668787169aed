package dev.loopback.api.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.activities.downloads.AgentPackage;
import dev.loopback.activities.downloads.PackageFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallScriptTest {

  @TempDir Path dir;

  @Test
  void everyValueComesBackFromTheShellExactlyAsGivenAndNoneRunsAsCode() throws Exception {
    Path marker = dir.resolve("pwned");
    String hostile = "it's $(touch " + marker + ") `touch " + marker + "` \"q\" \\ ; ${HOME}\nsecond line '";
    AgentPackage pkg = new AgentPackage(hostile, hostile, "all", PackageFormat.DEB, 42, Instant.EPOCH, hostile, dir);
    var values = new InstallScript.Values(hostile, hostile, UUID.randomUUID(), hostile, hostile, hostile, hostile, hostile,
        Optional.of(pkg), Optional.empty());
    Map<String, String> byKey = values.byKey();
    StringBuilder template = new StringBuilder();
    List<String> order = new ArrayList<>(byKey.keySet());
    for (String key : order) {
      template.append("v_").append(key.toLowerCase(Locale.ROOT)).append("={{").append(key).append("}}\n");
    }
    for (String key : order) {
      template.append("printf '%s\\037' \"$v_").append(key.toLowerCase(Locale.ROOT)).append("\"\n");
    }
    Path script = Files.writeString(dir.resolve("values.sh"), new InstallScript(template.toString()).render(values));

    Process sh = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true).start();
    assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(out.split("\037", -1)).containsExactlyElementsOf(concat(order.stream().map(byKey::get).toList(), ""));
    assertThat(marker).doesNotExist();
  }

  @Test
  void aPlaceholderAnywhereButTheWholeRightSideOfAnAssignmentIsRefused() {
    assertThatThrownBy(() -> new InstallScript("# served from {{BASE_URL}}\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InstallScript("url=\"{{BASE_URL}}\"\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InstallScript("url={{BASE_URL}}/x\n")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void renderingRefusesATemplateThatDoesNotAskForExactlyTheKnownValues() {
    var values = new InstallScript.Values("u", "b", UUID.randomUUID(), "stable", "e:1", "c", "", "", Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> new InstallScript("url={{BASE_URL}}\n").render(values)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void singleQuotesAreClosedEscapedAndReopened() {
    assertThat(InstallScript.quote("a'b")).isEqualTo("'a'\\''b'");
    assertThat(InstallScript.quote("")).isEqualTo("''");
  }

  private static List<String> concat(List<String> values, String last) {
    List<String> all = new ArrayList<>(values);
    all.add(last);
    return all;
  }
}
