package dev.loopback.agent.packaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the .deb and the tarball that {@code package} built: what dpkg sees (control fields, files,
 * owners, modes, conffiles), the unit and launcher lines the service depends on, and, by running the
 * launcher extracted from the .deb, that the packaged launcher and jar work together.
 */
class AgentPackageIT {
  private static final String VERSION = Objects.requireNonNull(System.getProperty("loopback.agent.version"),
      "loopback.agent.version is set by failsafe in agent/pom.xml");
  private static final Path TARGET = Path.of(System.getProperty("loopback.agent.target", "target"));
  private static final Path MODULE = TARGET.toAbsolutePath().getParent();
  /** jdeb's mapping: a snapshot becomes ~snapshot, which dpkg sorts before the release. */
  private static final Path DEB = TARGET.resolve("loopback-agent_" + VERSION.replace("-SNAPSHOT", "~snapshot") + "_all.deb");
  private static final Path TARBALL = TARGET.resolve("loopback-agent-" + VERSION + "-linux.tar.gz");
  private static final Path EXEC_JAR = TARGET.resolve("loopback-agent-exec.jar");
  private static final String JAR = "usr/lib/loopback-agent/loopback-agent.jar";
  private static final String LAUNCHER = "usr/lib/loopback-agent/loopback-agent";
  private static final String UNIT = "lib/systemd/system/loopback-agent.service";
  private static final String CONFIG = "etc/loopback/agent.conf";
  private static final boolean DPKG_DEB = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
      .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "dpkg-deb")));

  @TempDir
  static Path work;
  private static Path root;
  private static Path control;

  @BeforeAll
  static void extractTheDeb() throws Exception {
    if (DPKG_DEB) {
      root = work.resolve("root");
      control = work.resolve("control");
      run(Map.of(), "dpkg-deb", "-x", DEB.toString(), root.toString()).assertExit(0);
      run(Map.of(), "dpkg-deb", "-e", DEB.toString(), control.toString()).assertExit(0);
    }
  }

  @Test
  void controlNamesTheAgentItsDebianVersionAndAJava17Runtime() throws Exception {
    Map<String, String> fields = fields(dpkgDeb("--info", DEB.toString(), "control"));
    assertThat(fields).containsEntry("Package", "loopback-agent")
        .containsEntry("Version", VERSION.replace("-SNAPSHOT", "~snapshot"))
        .containsEntry("Architecture", "all")
        .containsEntry("Depends", "adduser, openjdk-17-jre-headless | java17-runtime-headless")
        .containsEntry("Homepage", "https://loopback.invalid/");
    assertThat(fields.get("Maintainer")).matches("[^<>]+ <[^<>@ ]+@[^<>@ ]+>");
  }

  @Test
  void debInstallsTheBuiltJarTheLauncherTheUnitAndAGroupReadableConfig() throws Exception {
    Map<String, String[]> contents = new LinkedHashMap<>();
    for (String line : dpkgDeb("--contents", DEB.toString()).split("\n")) {
      String[] columns = line.trim().split("\\s+"); // mode owner/group size date time path
      contents.put(columns[5], columns);
    }
    assertThat(contents.keySet().stream().filter(path -> !path.endsWith("/")))
        .containsExactlyInAnyOrder("./" + JAR, "./" + LAUNCHER, "./" + UNIT, "./" + CONFIG);
    assertThat(contents.get("./" + JAR)).startsWith("-rw-r--r--", "root/root", String.valueOf(Files.size(EXEC_JAR)));
    assertThat(contents.get("./" + LAUNCHER)).startsWith("-rwxr-xr-x", "root/root");
    assertThat(contents.get("./" + UNIT)).startsWith("-rw-r--r--", "root/root");
    assertThat(contents.get("./" + CONFIG)).startsWith("-rw-r-----", "root/loopback-agent");
    assertThat(contents.get("./etc/loopback/")).startsWith("drwxr-xr-x", "root/root");
    assertThat(Files.mismatch(root.resolve(JAR), EXEC_JAR)).isEqualTo(-1L);
  }

  @Test
  void configIsAConffileSoDpkgKeepsTheAdministratorsEdits() throws Exception {
    assertThat(dpkgDeb("--info", DEB.toString(), "conffiles").lines()).containsExactly("/" + CONFIG);
  }

  @Test
  void maintainerScriptsAreShippedAsWrittenExecutableAndParse() throws Exception {
    assumeDpkgDeb();
    for (String script : List.of("postinst", "prerm", "postrm")) {
      Path shipped = control.resolve(script);
      // jdeb replaces [[name]] in maintainer scripts when it knows the name: nothing may have been replaced.
      assertThat(shipped).as(script).hasSameBinaryContentAs(MODULE.resolve("src/deb/control").resolve(script));
      assertThat(Files.isExecutable(shipped)).as(script + " executable").isTrue();
      run(Map.of(), "sh", "-n", shipped.toString()).assertExit(0);
    }
    assertThat(Files.readString(control.resolve("postinst"))).contains("adduser --system").contains("deb-systemd-helper enable");
    assertThat(Files.readString(control.resolve("prerm"))).contains("stop \"$unit\"");
    assertThat(Files.readString(control.resolve("postrm"))).contains("rm -rf /var/lib/loopback-agent");
  }

  @Test
  void unitRunsTheLauncherAsItsOwnUserWithNetAdminAndIsNotRestartedAfterExit78() throws Exception {
    assumeDpkgDeb();
    List<String> lines = Files.readAllLines(root.resolve(UNIT)).stream().map(String::strip).toList();
    assertThat(lines).contains("Type=simple", "User=loopback-agent", "ExecStart=/" + LAUNCHER, "Restart=on-failure",
        "RestartPreventExitStatus=78", "StateDirectory=loopback-agent", "StateDirectoryMode=0700",
        "AmbientCapabilities=CAP_NET_ADMIN", "CapabilityBoundingSet=CAP_NET_ADMIN", "NoNewPrivileges=yes",
        "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ReadWritePaths=/var/lib/loopback-agent");
    assertThat(lines).anyMatch(line -> line.startsWith("LimitNOFILE="));
  }

  @Test
  void launcherRunsItsJarWithTheSystemConfigAndTheFlagsOfTheSourceTreeScript() throws Exception {
    assumeDpkgDeb();
    String exec = execLine(root.resolve(LAUNCHER));
    assertThat(exec).startsWith("exec \"${JAVA:-java}\" ")
        .endsWith("-jar \"$jar\" --config /etc/loopback/agent.conf \"$@\"");
    assertThat(jvmFlags(exec)).isNotEmpty().isEqualTo(jvmFlags(execLine(MODULE.resolveSibling("loopback-agent"))));
  }

  @Test
  void extractedLauncherPrintsTheVersionWithTheCurrentJdk() throws Exception {
    assumeDpkgDeb();
    Run run = run(Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        root.resolve(LAUNCHER).toString(), "--version");
    run.assertExit(0);
    assertThat(run.output().strip()).isEqualTo(VERSION);
  }

  @Test
  void launcherUsesTheJavaNamedByJava() throws Exception {
    assumeDpkgDeb();
    run(Map.of("JAVA", work.resolve("no-such-java").toString()), root.resolve(LAUNCHER).toString(), "--version")
        .assertExit(127);
  }

  @Test
  void shippedConfigSetsNothingButDocumentsEveryKeyAndStopsTheAgentWith78UntilAnEndpointIsSet() throws Exception {
    assumeDpkgDeb();
    List<String> lines = Files.readAllLines(root.resolve(CONFIG));
    assertThat(lines).allMatch(line -> line.isBlank() || line.startsWith("#"));
    for (String key : List.of("endpoint", "token", "ca-sha256", "ca-file", "state-dir", "log-level", "reconnect-base",
        "reconnect-cap")) {
      assertThat(lines).as(key).anyMatch(line -> line.startsWith("# " + key + " ="));
    }
    Run run = run(Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
        root.resolve(LAUNCHER).toString(), "--config", root.resolve(CONFIG).toString());
    run.assertExit(78);
    assertThat(run.output()).contains("endpoint: missing");
  }

  @Test
  void tarballHoldsTheDebsFilesWithTheirModesAndAnInstallTextUnderOneTopDirectory() throws Exception {
    String top = "loopback-agent-" + VERSION + "/";
    Map<String, TarGz.Entry> files = TarGz.read(TARBALL).stream().filter(TarGz.Entry::isFile)
        .collect(Collectors.toMap(TarGz.Entry::name, entry -> entry));
    assertThat(files.keySet()).containsExactlyInAnyOrder(top + "INSTALL", top + JAR, top + LAUNCHER, top + UNIT,
        top + CONFIG);
    assertThat(files.get(top + JAR).mode()).isEqualTo(0644);
    assertThat(files.get(top + LAUNCHER).mode()).isEqualTo(0755);
    assertThat(files.get(top + UNIT).mode()).isEqualTo(0644);
    assertThat(files.get(top + CONFIG).mode()).isEqualTo(0640);
    assertThat(files.get(top + JAR).content()).isEqualTo(Files.readAllBytes(EXEC_JAR));
    for (String[] file : new String[][] {{LAUNCHER, "loopback-agent"}, {UNIT, "loopback-agent.service"},
        {CONFIG, "agent.conf"}}) {
      assertThat(files.get(top + file[0]).content()).as(file[0])
          .isEqualTo(Files.readAllBytes(MODULE.resolve("src/dist").resolve(file[1])));
    }
    assertThat(new String(files.get(top + "INSTALL").content(), UTF_8)).contains("systemctl enable --now loopback-agent");
  }

  private static void assumeDpkgDeb() {
    assumeThat(DPKG_DEB).as("dpkg-deb is not on PATH (apt-get install dpkg): the .deb is not checked").isTrue();
  }

  private static String dpkgDeb(String... args) throws Exception {
    assumeDpkgDeb();
    Run run = run(Map.of(), Stream.concat(Stream.of("dpkg-deb"), Arrays.stream(args)).toArray(String[]::new));
    run.assertExit(0);
    return run.output();
  }

  private static Map<String, String> fields(String control) {
    Map<String, String> fields = new LinkedHashMap<>();
    control.lines().filter(line -> !line.startsWith(" ") && line.contains(":")).forEach(line ->
        fields.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip()));
    return fields;
  }

  /** The script's exec command that starts java, its backslash-continued lines joined. */
  private static String execLine(Path script) throws IOException {
    return Files.readString(script).replace("\\\n", " ").lines().map(String::strip)
        .filter(line -> line.startsWith("exec ") && line.contains(" -jar ")).map(line -> line.replaceAll("\\s+", " "))
        .reduce((first, second) -> fail("more than one exec line in " + script)).orElseThrow();
  }

  private static List<String> jvmFlags(String exec) {
    return Arrays.stream(exec.split(" ")).filter(word -> word.startsWith("-X") || word.startsWith("-D")).toList();
  }

  private record Run(int exit, String output) {
    void assertExit(int expected) {
      assertThat(exit).as("exit status; output:%n%s", output).isEqualTo(expected);
    }
  }

  /**
   * Runs a command with the agent's own environment variables removed, so the host's cannot leak in,
   * and an empty releases directory: a self-updated agent installed on this machine is not what runs.
   */
  private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile(work, "output", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("LOOPBACK_AGENT_"));
    builder.environment().put("LOOPBACK_AGENT_RELEASES", Files.createDirectories(work.resolve("releases")).toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("%s did not finish within 60 s", String.join(" ", command));
    }
    return new Run(process.exitValue(), Files.readString(output));
  }
}
