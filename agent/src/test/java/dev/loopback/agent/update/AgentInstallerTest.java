package dev.loopback.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.protocol.messages.AgentUpdateRequest;
import dev.loopback.protocol.messages.AgentUpdateResponse;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tarballs from a real HTTP server: a verified release lands beside the running one with the
 * pending marker and the moved link; anything refused leaves the release directory as it was.
 */
class AgentInstallerTest {
  private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");
  private final byte[] key = new byte[32];
  private PackageServer packages;
  private PackageFetcher fetcher;
  private ReleaseDirectory releases;
  @TempDir Path dir;

  @BeforeEach
  void serve() throws IOException {
    new SecureRandom().nextBytes(key);
    packages = PackageServer.start();
    fetcher = new PackageFetcher(HttpClient.newHttpClient(), packages.base(),
        dir.resolve("staging"), List.of(new TrustedKey("ops", PackageSignatures.publicKeyOf(key))));
    releases = new ReleaseDirectory(dir.resolve("releases"));
  }

  @AfterEach
  void stop() {
    packages.close();
  }

  @Test
  void installsBesideTheRunningVersionMarksItPendingAndMovesTheLink() throws Exception {
    UpdateCheckResponse offer = offer("1.1.0", tarball("1.1.0", jar("1.1.0")), key);

    installer("1.0.0").install(new AgentUpdateRequest(offer, 120));

    assertThat(releases.current()).contains("1.1.0");
    assertThat(releases.has("1.1.0")).isTrue();
    assertThat(releases.pending()).contains(Map.of("to", "1.1.0", "from", "", "deadline", String.valueOf(NOW.getEpochSecond() + 120)));
    assertThat(Files.list(dir.resolve("staging")).toList()).as("the download is not kept").isEmpty();
  }

  @Test
  void theMarkerNamesTheVersionTheLinkPointedAtAsTheOneToGoBackTo() throws Exception {
    installer("1.0.0").install(new AgentUpdateRequest(offer("1.1.0", tarball("1.1.0", jar("1.1.0")), key), 120));
    releases.commit();

    installer("1.1.0").install(new AgentUpdateRequest(offer("1.2.0", tarball("1.2.0", jar("1.2.0")), key), 60));

    assertThat(releases.pending().orElseThrow()).containsEntry("to", "1.2.0").containsEntry("from", "1.1.0");
    assertThat(releases.current()).contains("1.2.0");
  }

  @Test
  void aPackageSignedByAnUnpinnedKeyChangesNothing() throws Exception {
    byte[] stranger = new byte[32];
    new SecureRandom().nextBytes(stranger);
    UpdateCheckResponse offer = offer("1.1.0", tarball("1.1.0", jar("1.1.0")), stranger);

    assertRefused(offer, "signature");
  }

  @Test
  void aTamperedPackageChangesNothing() throws Exception {
    UpdateCheckResponse offer = offer("1.1.0", tarball("1.1.0", jar("1.1.0")), key);
    byte[] body = packages.get(offer.url());
    body[body.length / 2] ^= 1;

    assertRefused(offer, "sha512");
  }

  @Test
  void aJarOfAnotherVersionThanOfferedChangesNothing() throws Exception {
    UpdateCheckResponse offer = offer("1.1.0", tarball("1.1.0", jar("9.9.9")), key);

    PackageRefused refused = assertRefused(offer, "package");
    assertThat(refused).hasMessageContaining("its jar is version 9.9.9, the offer says 1.1.0");
  }

  @Test
  void aTarballWithoutTheAgentJarChangesNothing() throws Exception {
    Path top = Files.createDirectories(dir.resolve("empty/loopback-agent-1.1.0"));
    Files.writeString(top.resolve("INSTALL"), "nothing here");
    UpdateCheckResponse offer = offer("1.1.0", tar(top), key);

    assertRefused(offer, "package");
  }

  @Test
  void refusesWithoutTheLauncherOrWhileAnotherUpdateWaitsToCheckIn() throws Exception {
    UpdateCheckResponse offer = offer("1.1.0", tarball("1.1.0", jar("1.1.0")), key);
    AgentInstaller withoutLauncher = new AgentInstaller(null, fetcher, "1.0.0", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> withoutLauncher.install(new AgentUpdateRequest(offer, 120)))
        .isInstanceOfSatisfying(PackageRefused.class, e -> assertThat(e.field()).isEqualTo("launcher"));

    releases.markPending("1.0.5", "", NOW.plusSeconds(60));
    assertRefused(offer, "pending");
  }

  @Test
  void refusesTheVersionItRunsAndACheckInWindowOutOfBounds() throws Exception {
    UpdateCheckResponse offer = offer("1.1.0", tarball("1.1.0", jar("1.1.0")), key);

    assertThatThrownBy(() -> installer("1.1.0").install(new AgentUpdateRequest(offer, 120)))
        .isInstanceOfSatisfying(PackageRefused.class, e -> assertThat(e.field()).isEqualTo("version"));
    assertThatThrownBy(() -> installer("1.0.0").install(new AgentUpdateRequest(offer, 5)))
        .isInstanceOfSatisfying(PackageRefused.class, e -> assertThat(e.field()).isEqualTo("checkInSeconds"));
    assertThat(releases.current()).isEmpty();
  }

  @Test
  void theNewVersionCommitsAtItsFirstSessionAndKeepsOnlyItselfAndTheOneBefore() throws Exception {
    installer("1.0.0").install(new AgentUpdateRequest(offer("1.1.0", tarball("1.1.0", jar("1.1.0")), key), 120));
    releases.commit();
    installer("1.1.0").install(new AgentUpdateRequest(offer("1.2.0", tarball("1.2.0", jar("1.2.0")), key), 120));
    Files.createDirectories(releases.root().resolve("0.9.0"));

    HostSelfUpdates updates = new HostSelfUpdates(releases, installer("1.2.0"), "1.2.0");
    assertThat(updates.checkedIn()).isEmpty();

    assertThat(releases.pending()).isEmpty();
    assertThat(releases.has("1.1.0")).as("kept to go back to by hand").isTrue();
    assertThat(Files.exists(releases.root().resolve("0.9.0"))).isFalse();
    updates.close();
  }

  @Test
  void reportsTheLaunchersRollbackOnce() throws Exception {
    Files.createDirectories(releases.root());
    Files.writeString(releases.root().resolve("failed"), "version=1.2.0\nrunning=1.1.0\nreason=exited with status 1 before it checked in\n"
        + "at=1800000000\n");
    HostSelfUpdates updates = new HostSelfUpdates(releases, installer("1.1.0"), "1.1.0");

    assertThat(updates.checkedIn()).hasValueSatisfying(report -> {
      assertThat(report.version()).isEqualTo("1.2.0");
      assertThat(report.runningVersion()).isEqualTo("1.1.0");
      assertThat(report.reason()).isEqualTo("exited with status 1 before it checked in");
      assertThat(report.failedAtEpochSeconds()).isEqualTo(1_800_000_000L);
    });
    assertThat(updates.checkedIn()).isEmpty();
    updates.close();
  }

  @Test
  void restartsOnlyOnceARestartingAnswerIsOut() throws Exception {
    HostSelfUpdates updates = new HostSelfUpdates(releases, installer("1.0.0"), "1.0.0");
    UpdateCheckResponse offer = offer("1.1.0", tarball("1.1.0", jar("1.1.0")), key);

    AgentUpdateResponse answer = updates.apply(new AgentUpdateRequest(offer, 120)).get();
    assertThat(answer).isEqualTo(AgentUpdateResponse.restarting("1.1.0"));
    assertThat(updates.restart()).isNotDone();

    updates.answered(answer);
    assertThat(updates.restart()).isCompletedWithValue("1.1.0");
    AgentUpdateResponse refused = updates.apply(new AgentUpdateRequest(offer, 120)).get();
    assertThat(refused.outcome()).isEqualTo(AgentUpdateResponse.Outcome.REFUSED);
    assertThat(refused.field()).isEqualTo("pending");
    updates.close();
  }

  private PackageRefused assertRefused(UpdateCheckResponse offer, String field) throws Exception {
    PackageRefused refused = null;
    try {
      installer("1.0.0").install(new AgentUpdateRequest(offer, 120));
    } catch (PackageRefused e) {
      refused = e;
    }
    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.field()).isEqualTo(field);
    assertThat(releases.current()).isEmpty();
    assertThat(releases.has(offer.version())).isFalse();
    if (!field.equals("pending")) {
      assertThat(releases.pending()).isEmpty();
    }
    return refused;
  }

  private AgentInstaller installer(String running) {
    return new AgentInstaller(releases, fetcher, running, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private UpdateCheckResponse offer(String version, byte[] tarball, byte[] signingKey) throws Exception {
    String path = "/catalog/agent/" + version + "/loopback-agent-" + version + "-linux.tar.gz";
    packages.put(path, tarball);
    byte[] sha = MessageDigest.getInstance("SHA-512").digest(tarball);
    String signature = PackageSignatures.sign(PackageStatement.of("agent", version, "amd64", "tar.gz", sha), signingKey);
    return new UpdateCheckResponse(true, "agent", version, "stable", "amd64", "tar.gz", tarball.length, HexFormat.of().formatHex(sha),
        signature, "ops", path, "");
  }

  private Path jar(String says) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.loopback.agent.AgentMain");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, says);
    Path jar = Files.createTempFile(dir, "agent", ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.flush();
    }
    return jar;
  }

  private byte[] tarball(String version, Path jar) throws Exception {
    Path top = dir.resolve("pack-" + version + "-" + System.nanoTime()).resolve("loopback-agent-" + version);
    Files.copy(jar, Files.createDirectories(top.resolve("usr/lib/loopback-agent")).resolve("loopback-agent.jar"));
    return tar(top);
  }

  private byte[] tar(Path top) throws Exception {
    Path archive = top.resolveSibling(top.getFileName() + ".tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", top.getParent().toString(), top.getFileName().toString())
        .inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    return Files.readAllBytes(archive);
  }
}
