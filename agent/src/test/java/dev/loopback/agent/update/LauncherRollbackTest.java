package dev.loopback.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real launcher ({@code src/dist/loopback-agent}) over a releases directory, with a fake
 * java that logs the jar it was given and runs that "jar" as a shell script. The launcher keeps
 * time with {@code date}, so deadlines here are real seconds, kept to a few.
 */
class LauncherRollbackTest {
  private static final Path LAUNCHER = Path.of("src/dist/loopback-agent");
  private static final String JAR = "loopback-agent.jar";
  private static final String EXITS_0 = "exit 0\n";
  private static final String HANGS = "while :; do sleep 0.1; done\n";
  private static final String COMMITS_THEN_EXITS_3 = "rm \"$LOOPBACK_AGENT_RELEASES/pending\"; sleep 3; exit 3\n";
  private static final String STOPS_ON_TERM = "trap 'echo stopped >>\"$FAKE_JAVA_LOG\"; exit 0' TERM\n" + HANGS;

  @TempDir Path tmp;
  private Path launcher;
  private Path releases;
  private Path log;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void install() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("usr/lib/loopback-agent"));
    launcher = Files.copy(LAUNCHER, lib.resolve("loopback-agent"));
    executable(launcher); // it runs itself again after a rollback
    Files.writeString(lib.resolve(JAR), EXITS_0);
    releases = Files.createDirectories(tmp.resolve("releases"));
    log = tmp.resolve("java.log");
    executable(Files.writeString(tmp.resolve("java"), """
        #!/bin/sh
        args="$*"
        while [ "$1" != -jar ]; do shift; done
        printf '%s\\t%s\\t%s\\n' "$(readlink -f "$2")" "${LOOPBACK_AGENT_RELEASES-unset}" "$args" >>"$FAKE_JAVA_LOG"
        . "$2"
        """));
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(process -> process.descendants().forEach(ProcessHandle::destroyForcibly));
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void withoutPendingRunsTheInstalledJarWithTheSystemConfigAndTellsItWhereReleasesAre() throws Exception {
    assertThat(exitOf(launch("--version"))).isZero();

    assertThat(runs()).containsExactly("package");
    String[] run = Files.readAllLines(log).get(0).split("\t");
    assertThat(run[1]).isEqualTo(releases.toString());
    assertThat(run[2]).contains("-Xmx24m").endsWith("--config /etc/loopback/agent.conf --version");
  }

  @Test
  void withoutLoopbackAgentReleasesTellsTheJvmTheReleasesInTheFirstStateDirectory() throws Exception {
    Map<String, String> systemd = environment();
    systemd.remove("LOOPBACK_AGENT_RELEASES");
    systemd.put("STATE_DIRECTORY", tmp + "/state:" + tmp + "/cache");

    assertThat(exitOf(launch(systemd))).isZero();

    assertThat(Files.readAllLines(log).get(0).split("\t")[1]).isEqualTo(tmp + "/state/releases");
  }

  @Test
  void withoutPendingRunsTheReleaseCurrentLinksTo() throws Exception {
    release("0.2.0", EXITS_0);
    point("0.2.0");

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.2.0");
  }

  @Test
  void keepsRunningAnUpdateThatChecksInPastItsDeadlineAndExitsWithItsStatus() throws Exception {
    release("0.2.0", COMMITS_THEN_EXITS_3);
    point("0.2.0");
    pending("0.2.0", "", 1);

    assertThat(exitOf(launch())).isEqualTo(3);

    assertThat(runs()).containsExactly("0.2.0");
    assertThat(Files.readSymbolicLink(releases.resolve("current"))).isEqualTo(Path.of("0.2.0"));
    assertThat(releases.resolve("failed")).doesNotExist();
  }

  @Test
  void leavesTheNextUpdateToTheNextStartOnceTheUpdateCheckedIn() throws Exception {
    // Checks in, stays long enough for the launcher to see it, then switches to 0.3.0 as the agent does.
    release("0.2.0", """
        rm "$LOOPBACK_AGENT_RELEASES/pending"
        sleep 1.5
        printf 'to=0.3.0\\nfrom=0.2.0\\ndeadline=1\\n' >"$LOOPBACK_AGENT_RELEASES/pending"
        ln -sfn 0.3.0 "$LOOPBACK_AGENT_RELEASES/current"
        exit 75
        """);
    release("0.3.0", EXITS_0);
    point("0.2.0");
    pending("0.2.0", "0.1.0", 20);

    assertThat(exitOf(launch())).isEqualTo(75);

    assertThat(runs()).containsExactly("0.2.0");
    assertThat(Files.readSymbolicLink(releases.resolve("current"))).isEqualTo(Path.of("0.3.0"));
    assertThat(Files.readString(releases.resolve("pending"))).startsWith("to=0.3.0\n");
    assertThat(releases.resolve("failed")).doesNotExist();
  }

  @Test
  void rollsBackToThePreviousReleaseWhenTheUpdateExitsWithAnErrorBeforeCheckingIn() throws Exception {
    release("0.1.0", EXITS_0);
    release("0.2.0", "exit 1\n");
    point("0.2.0");
    pending("0.2.0", "0.1.0", 20);

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.2.0", "0.1.0");
    assertThat(Files.readSymbolicLink(releases.resolve("current"))).isEqualTo(Path.of("0.1.0"));
    assertThat(releases.resolve("pending")).doesNotExist();
    assertThat(failed()).containsEntry("version", "0.2.0").containsEntry("running", "0.1.0")
        .containsEntry("reason", "exited with status 1 before it checked in").containsKey("at");
  }

  @Test
  void rollsBackToThePackagesJarWhenTheUpdateCameFromIt() throws Exception {
    release("0.2.0", "exit 1\n");
    point("0.2.0");
    pending("0.2.0", "", 20);

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.2.0", "package");
    assertThat(releases.resolve("current")).doesNotExist();
    assertThat(failed()).containsEntry("version", "0.2.0").containsEntry("running", "");
  }

  @Test
  void stopsAndRollsBackAnUpdateThatDoesNotCheckInBeforeItsDeadline() throws Exception {
    release("0.1.0", EXITS_0);
    release("0.2.0", HANGS);
    point("0.2.0");
    pending("0.2.0", "0.1.0", 2);

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.2.0", "0.1.0");
    assertThat(Files.readSymbolicLink(releases.resolve("current"))).isEqualTo(Path.of("0.1.0"));
    assertThat(failed().get("reason")).matches("did not check in within \\d+ s");
  }

  @Test
  void rollsBackWithoutStartingAnUpdateWhoseDeadlineHasPassed() throws Exception {
    release("0.1.0", EXITS_0);
    release("0.2.0", EXITS_0);
    point("0.2.0");
    pending("0.2.0", "0.1.0", -1);

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.1.0");
    assertThat(failed()).containsEntry("reason", "did not check in before its deadline");
  }

  @Test
  void rollsBackInsteadOfAFourthStart() throws Exception {
    release("0.1.0", EXITS_0);
    release("0.2.0", EXITS_0);
    point("0.2.0");
    pending("0.2.0", "0.1.0", 20);
    Files.writeString(releases.resolve("pending"), "start=1\nstart=2\nstart=3\n", StandardOpenOption.APPEND);

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.1.0");
    assertThat(failed()).containsEntry("reason", "did not check in after 3 starts");
  }

  @Test
  void rollsBackWhenThePendingMarkerIsUnreadable() throws Exception {
    release("0.1.0", EXITS_0);
    release("0.2.0", EXITS_0);
    point("0.2.0");
    Files.writeString(releases.resolve("pending"), "to=0.2.0\nfrom=0.1.0\ndeadline=tomorrow\n");

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.1.0");
    assertThat(releases.resolve("pending")).doesNotExist();
    assertThat(failed()).containsEntry("reason", "the pending marker is unreadable");
  }

  @Test
  void forgetsPendingWhenCurrentNoLongerPointsAtTheUpdate() throws Exception {
    release("0.1.0", EXITS_0);
    point("0.1.0");
    pending("0.2.0", "0.1.0", -1);

    assertThat(exitOf(launch())).isZero();

    assertThat(runs()).containsExactly("0.1.0");
    assertThat(releases.resolve("pending")).doesNotExist();
    assertThat(releases.resolve("failed")).doesNotExist();
  }

  @Test
  void passesSigtermToTheUpdateAndKeepsItPendingForTheNextStart() throws Exception {
    release("0.2.0", STOPS_ON_TERM);
    point("0.2.0");
    pending("0.2.0", "", 20);
    Process running = launch();
    awaitRuns(1);

    running.destroy(); // SIGTERM

    assertThat(exitOf(running)).isZero();
    assertThat(Files.readAllLines(log)).last().isEqualTo("stopped");
    assertThat(Files.readAllLines(releases.resolve("pending"))).filteredOn(line -> line.startsWith("start=")).hasSize(1);
    assertThat(Files.readSymbolicLink(releases.resolve("current"))).isEqualTo(Path.of("0.2.0"));
    assertThat(releases.resolve("failed")).doesNotExist();
  }

  private Process launch(String... args) throws IOException {
    return launch(environment(), args);
  }

  /** The fake java, the test's releases and the log, for {@link #launch(Map, String...)}. */
  private Map<String, String> environment() {
    return new HashMap<>(Map.of("JAVA", tmp.resolve("java").toString(), "LOOPBACK_AGENT_RELEASES", releases.toString(),
        "FAKE_JAVA_LOG", log.toString()));
  }

  private Process launch(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("launcher.out").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("LOOPBACK_AGENT_") || name.equals("STATE_DIRECTORY"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private int exitOf(Process process) throws Exception {
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      fail("the launcher did not finish within 20 s; it wrote:%n%s", Files.readString(tmp.resolve("launcher.out")));
    }
    return process.exitValue();
  }

  /** The releases the fake java ran, in order: a version, or "package" for the installed jar. */
  private List<String> runs() throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    Path installed = launcher.resolveSibling(JAR).toRealPath();
    return Files.readAllLines(log).stream().filter(line -> line.contains("\t")).map(line -> Path.of(line.split("\t")[0]))
        .map(jar -> jar.equals(installed) ? "package" : jar.getParent().getFileName().toString()).toList();
  }

  private void awaitRuns(int count) throws Exception {
    for (int i = 0; i < 100 && runs().size() < count; i++) {
      Thread.sleep(100);
    }
    assertThat(runs()).hasSize(count);
  }

  private void release(String version, String jar) throws IOException {
    Files.writeString(Files.createDirectories(releases.resolve(version)).resolve(JAR), jar);
  }

  private void point(String version) throws IOException {
    Files.createSymbolicLink(releases.resolve("current"), Path.of(version));
  }

  private void pending(String to, String from, int secondsLeft) throws IOException {
    long deadline = Instant.now().getEpochSecond() + secondsLeft;
    Files.writeString(releases.resolve("pending"), "to=" + to + "\nfrom=" + from + "\ndeadline=" + deadline + "\n");
  }

  private Map<String, String> failed() throws IOException {
    assertThat(releases.resolve("failed")).exists();
    return Files.readAllLines(releases.resolve("failed")).stream().filter(line -> line.contains("="))
        .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
  }

  private static Path executable(Path file) throws IOException {
    return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
