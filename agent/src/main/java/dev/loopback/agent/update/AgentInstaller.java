package dev.loopback.agent.update;

import dev.loopback.protocol.messages.AgentUpdateRequest;
import dev.loopback.protocol.messages.UpdateCheckResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Installs an agent release beside the running one and points the launcher at it: fetches and
 * verifies the offered {@code tar.gz} ({@link PackageFetcher}: size, SHA-512, Ed25519 signature),
 * takes the agent jar out of it, checks the jar says the offered version, moves it into its own
 * release directory, writes the {@code pending} marker with the check-in deadline and only then
 * moves {@code current}. A refusal at any step leaves the host as it was: the running version, its
 * link and no marker.
 */
public final class AgentInstaller {
  /** The package's jar, under the tarball's single top directory ({@code loopback-agent-<version>/}). */
  static final String JAR_MEMBER = "/usr/lib/loopback-agent/" + ReleaseDirectory.JAR;
  static final Duration MIN_CHECK_IN = Duration.ofSeconds(10);
  static final Duration MAX_CHECK_IN = Duration.ofHours(1);
  private final ReleaseDirectory releases;
  private final PackageFetcher fetcher;
  private final String runningVersion;
  private final Clock clock;

  /**
   * @param releases null when the agent was not started by the launcher, which alone can switch versions
   * @param fetcher null when the agent has no {@code api-url} to download from
   */
  public AgentInstaller(ReleaseDirectory releases, PackageFetcher fetcher, String runningVersion, Clock clock) {
    this.releases = releases;
    this.fetcher = fetcher;
    this.runningVersion = runningVersion;
    this.clock = clock;
  }

  /** Installs and points {@code current} at the offered release; the agent must exit into it next. */
  public synchronized void install(AgentUpdateRequest request) throws PackageRefused, InterruptedException {
    UpdateCheckResponse release = check(request);
    try {
      if (releases.pending().isPresent()) {
        throw new PackageRefused("pending", "an update to " + releases.pending().get().get("to") + " has not checked in yet");
      }
      if (!releases.has(release.version())) {
        Path archive = fetcher.fetch(release);
        try {
          releases.install(release.version(), jarOf(archive, release.version()));
        } finally {
          Files.deleteIfExists(archive);
        }
      }
      releases.markPending(release.version(), releases.current().orElse(""), clock.instant().plusSeconds(request.checkInSeconds()));
      releases.point(release.version());
    } catch (IOException e) {
      throw new PackageRefused("releases", "cannot install into " + releases.root() + ": " + e.getMessage());
    }
  }

  private UpdateCheckResponse check(AgentUpdateRequest request) throws PackageRefused {
    UpdateCheckResponse release = request.release();
    if (releases == null) {
      throw new PackageRefused("launcher", "this agent was not started by the loopback-agent launcher (no LOOPBACK_AGENT_RELEASES),"
          + " which is what switches and rolls back versions");
    }
    if (fetcher == null) {
      throw new PackageRefused("api-url", "this agent has no api-url in agent.conf to download the release from");
    }
    if (release == null || !release.available() || !"agent".equals(release.component())) {
      throw new PackageRefused("release", "must be an offer of the agent component");
    }
    if (!"tar.gz".equals(release.format())) {
      throw new PackageRefused("format", "the agent updates itself from its tar.gz package, this is " + release.format());
    }
    if (runningVersion.equals(release.version())) {
      throw new PackageRefused("version", "this agent already runs " + runningVersion);
    }
    Duration checkIn = Duration.ofSeconds(request.checkInSeconds());
    if (checkIn.compareTo(MIN_CHECK_IN) < 0 || checkIn.compareTo(MAX_CHECK_IN) > 0) {
      throw new PackageRefused("checkInSeconds", "must be between " + MIN_CHECK_IN.toSeconds() + " and " + MAX_CHECK_IN.toSeconds());
    }
    return release;
  }

  /** Extracts the package's agent jar beside the archive and checks it is the offered version. */
  private static Path jarOf(Path archive, String version) throws PackageRefused, InterruptedException, IOException {
    List<String> members = run(List.of("tar", "-tzf", archive.toString()), null).lines().filter(m -> m.endsWith(JAR_MEMBER)).toList();
    if (members.size() != 1 || members.get(0).indexOf('/') != members.get(0).length() - JAR_MEMBER.length()) {
      throw new PackageRefused("package", "has no single <top>" + JAR_MEMBER);
    }
    Path jar = archive.resolveSibling(archive.getFileName() + ".jar");
    run(List.of("tar", "-xzOf", archive.toString(), members.get(0)), jar);
    Optional<String> refusal = versionRefusal(jar, version);
    if (refusal.isPresent()) {
      Files.deleteIfExists(jar);
      throw new PackageRefused("package", refusal.get());
    }
    return jar;
  }

  private static Optional<String> versionRefusal(Path jar, String version) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      if (manifest == null || manifest.getMainAttributes().getValue("Main-Class") == null) {
        return Optional.of("its jar has no Main-Class");
      }
      String says = manifest.getMainAttributes().getValue("Implementation-Version");
      return version.equals(says) ? Optional.empty() : Optional.of("its jar is version " + says + ", the offer says " + version);
    } catch (IOException e) {
      return Optional.of("its jar cannot be read: " + e.getMessage());
    }
  }

  /** Runs tar; with {@code into}, its output goes to that file, else it is returned. */
  private static String run(List<String> command, Path into) throws IOException, PackageRefused, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (into != null) {
      builder.redirectOutput(into.toFile());
    }
    Process process = builder.start();
    String out = into == null ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new PackageRefused("package", "cannot read it as tar.gz: " + err.strip());
    }
    return out;
  }
}
