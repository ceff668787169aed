package dev.loopback.agent.modules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.update.PackageFetcher;
import dev.loopback.agent.update.PackageServer;
import dev.loopback.protocol.messages.DesiredModule;
import dev.loopback.protocol.messages.ModuleState;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import dev.loopback.protocol.messages.UpdateCheckResponse;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.packages.PackageStatement;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control plane lists modules; the agent fetches, verifies, unpacks and runs them — real HTTP, tar and processes. */
class ModuleDeliveryTest {
  private final byte[] operatorKey = new byte[32];
  @TempDir Path dir;
  private PackageServer packages;
  private ModuleRuntime runtime;
  private ModuleDelivery delivery;

  @BeforeEach
  void start() throws IOException {
    new SecureRandom().nextBytes(operatorKey);
    packages = PackageServer.start();
    runtime = new ModuleRuntime(dir.resolve("modules"), Duration.ofMillis(20));
    delivery = new ModuleDelivery(runtime, new PackageFetcher(HttpClient.newHttpClient(),
        packages.base(), dir.resolve("staging"),
        List.of(new TrustedKey("ops", PackageSignatures.publicKeyOf(operatorKey)))));
  }

  @AfterEach
  void stop() {
    runtime.close();
    packages.close();
  }

  @Test
  void fetchesVerifiesUnpacksAndRunsTheHostMetricsModuleWithItsPolicy() throws Exception {
    UpdateCheckResponse release = publish("host-metrics", "0.1.0", packageOf(Path.of("..", "modules", "host-metrics", "run")));

    ModulesDesiredResponse answer = delivery.apply(new ModulesDesiredRequest(List.of(
        new DesiredModule("host-metrics", true, "{\"intervalSeconds\": 1}", release))));

    assertThat(answer.refusals()).isEmpty();
    ModuleState state = await("host-metrics", s -> s.metrics() != null);
    assertThat(state.version()).isEqualTo("0.1.0");
    assertThat(state.metrics()).containsKeys("load1", "memAvailableKb", "rxBytes");
    assertThat(runtime.installed("host-metrics")).containsExactly("0.1.0");
    try (var staging = Files.list(dir.resolve("staging"))) {
      assertThat(staging).as("the package is not kept once unpacked").isEmpty();
    }
  }

  @Test
  void aTamperedReleaseChangesNothingAndTheRunningVersionGoesOn() throws Exception {
    UpdateCheckResponse good = publish("host-metrics", "0.1.0", packageOf(Path.of("..", "modules", "host-metrics", "run")));
    delivery.apply(new ModulesDesiredRequest(List.of(new DesiredModule("host-metrics", true, "{\"intervalSeconds\": 1}", good))));
    await("host-metrics", s -> s.metrics() != null);
    UpdateCheckResponse next = publish("host-metrics", "0.2.0", packageOf(Path.of("..", "modules", "host-metrics", "run")));
    packages.put(next.url(), "not the package".getBytes());
    UpdateCheckResponse tampered = new UpdateCheckResponse(true, next.component(), next.version(), next.channel(), next.arch(), next.format(),
        15, next.sha512(), next.signature(), next.signatureKeyId(), next.url(), "");

    ModulesDesiredResponse answer = delivery.apply(new ModulesDesiredRequest(List.of(
        new DesiredModule("host-metrics", true, "{}", tampered))));

    assertThat(answer.refusals()).singleElement().asString().startsWith("host-metrics: sha512: the downloaded file's SHA-512 is");
    assertThat(runtime.installed("host-metrics")).containsExactly("0.1.0");
    assertThat(await("host-metrics", s -> s.metrics() != null).version()).isEqualTo("0.1.0");
  }

  @Test
  void aModuleNoLongerListedIsStoppedAndOneWithoutDownloadAddressIsRefused() throws Exception {
    UpdateCheckResponse release = publish("host-metrics", "0.1.0", packageOf(Path.of("..", "modules", "host-metrics", "run")));
    delivery.apply(new ModulesDesiredRequest(List.of(new DesiredModule("host-metrics", true, "{}", release))));
    await("host-metrics", s -> s.state().equals("active"));

    delivery.apply(new ModulesDesiredRequest(List.of()));

    assertThat(await("host-metrics", s -> true).state()).isEqualTo("disabled");
    ModuleDelivery offline = new ModuleDelivery(runtime, null);
    UpdateCheckResponse other = publish("host-metrics", "0.3.0", packageOf(Path.of("..", "modules", "host-metrics", "run")));
    assertThat(offline.apply(new ModulesDesiredRequest(List.of(new DesiredModule("host-metrics", true, "{}", other)))).refusals())
        .containsExactly("host-metrics: api-url: this agent has no api-url in agent.conf to download host-metrics from");
  }

  @Test
  void refusesAnArchiveThatWouldWriteOutsideTheModulesDirectory() throws Exception {
    Path work = Files.createDirectories(dir.resolve("evil/inner"));
    Files.writeString(work.resolve("run"), "#!/bin/sh\n");
    Files.writeString(dir.resolve("evil/escape"), "x");
    Path archive = dir.resolve("evil.tar.gz");
    // -P keeps the "../" that tar would otherwise strip: what a malicious archive would hold.
    tar("tar", "-czPf", archive.toString(), "-C", work.toString(), "run", "../escape");
    UpdateCheckResponse release = publish("evil", "1.0.0", Files.readAllBytes(archive));

    ModulesDesiredResponse answer = delivery.apply(new ModulesDesiredRequest(List.of(new DesiredModule("evil", true, "{}", release))));

    assertThat(answer.refusals()).singleElement().asString().startsWith("evil: package: member ../escape would land outside");
    assertThat(runtime.installed("evil")).isEmpty();
  }

  private byte[] packageOf(Path run) throws Exception {
    Path work = Files.createDirectories(dir.resolve("build-" + System.nanoTime()));
    Files.copy(run, work.resolve("run"));
    Path archive = dir.resolve("pkg-" + System.nanoTime() + ".tar.gz");
    tar("tar", "-czf", archive.toString(), "-C", work.toString(), "run");
    return Files.readAllBytes(archive);
  }

  private UpdateCheckResponse publish(String module, String version, byte[] bytes) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-512").digest(bytes);
    String url = "/system/v1/downloads/catalog/" + module + "/" + version + "/" + module + "_" + version + "_amd64.tar.gz";
    packages.put(url, bytes);
    return new UpdateCheckResponse(true, module, version, "stable", "amd64", "tar.gz", bytes.length, HexFormat.of().formatHex(sha),
        PackageSignatures.sign(PackageStatement.of(module, version, "amd64", "tar.gz", sha), operatorKey), "ops", url, "");
  }

  private static void tar(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
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
