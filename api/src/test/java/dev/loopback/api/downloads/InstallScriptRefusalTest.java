package dev.loopback.api.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Runs the rendered install script down every path that must stop before it changes anything, in
 * {@link ScriptSandbox}es: the tests may run as a real root, so nothing that could touch the host is
 * within the script's reach. Installing for real is tested on network-namespace machines.
 */
@WebMvcTest
@ContextConfiguration(classes = DownloadsSlice.class)
class InstallScriptRefusalTest {

  private static final String TOKEN = "lbt_sentinel-token-0123456789";
  private static final List<String> DASH = List.of("/usr/bin/dash");

  @Autowired MockMvc mvc;
  @Autowired FakePackages packages;
  @TempDir Path dir;

  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final List<String> requested = new CopyOnWriteArrayList<>();
  private ScriptSandbox sandbox;

  @BeforeEach
  void startServerAndSandbox() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requested.add(exchange.getRequestURI().getPath());
      byte[] body = served.get(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    sandbox = new ScriptSandbox(dir.resolve("sandbox"))
        .stub("id", "echo 0")
        .link("uname").link("mktemp").link("rm").link("sha512sum")
        .link("java", Path.of(System.getProperty("java.home"), "bin", "java"))
        .recording("mkdir", "tar", "cp", "mv", "chmod", "chown", "useradd", "groupadd", "systemctl", "dpkg");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String controlPlane() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The script as the control plane renders it for a host that reached it at this test's HTTP server. */
  private Path script() throws Exception {
    String text = mvc.perform(get("/system/v1/workspaces/" + DownloadsSlice.WORKSPACE + "/install.sh").header("Host", controlPlane()))
        .andReturn().getResponse().getContentAsString();
    return Files.writeString(dir.resolve("install.sh"), text);
  }

  private ScriptSandbox.Run run(List<String> shell, Map<String, String> overrides) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("LOOPBACK_TOKEN", TOKEN, "LOOPBACK_INIT", "none",
        "LOOPBACK_PACKAGE_FORMAT", "tar.gz", "LOOPBACK_VERBOSE", "1"));
    env.putAll(overrides);
    env.values().removeIf(String::isEmpty);
    ScriptSandbox.Run run = sandbox.run(shell, script(), env);
    assertThat(run.out() + run.err()).as("output").doesNotContain(TOKEN);
    assertThat(sandbox.calls()).as("arguments of commands").noneMatch(call -> call.contains(TOKEN));
    assertThat(sandbox.leftovers()).as("temporary files").isEmpty();
    return run;
  }

  private ScriptSandbox.Run run(Map<String, String> overrides) throws Exception {
    return run(DASH, overrides);
  }

  private void assertNothingWasTried() throws IOException {
    assertThat(requested).as("downloads").isEmpty();
    assertThat(sandbox.calls()).as("commands that change the host").isEmpty();
  }

  @Test
  void refusesToRunAsAnyoneButRoot() throws Exception {
    sandbox.stub("id", "echo 1000");

    ScriptSandbox.Run run = run(Map.of());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("loopback-install: error: ").contains("run it as root", "sudo --preserve-env=LOOPBACK_TOKEN sh");
    assertNothingWasTried();
  }

  @Test
  void refusesAnUnsupportedArchitecture() throws Exception {
    sandbox.stub("uname", "case $1 in -s) echo Linux ;; -m) echo mips64 ;; esac");

    ScriptSandbox.Run run = run(Map.of());

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("unsupported CPU architecture 'mips64'");
    assertNothingWasTried();
  }

  @Test
  void refusesAHostWithoutSystemdUnlessToldToInstallWithoutAService() throws Exception {
    assumeThat(Path.of("/run/systemd/system")).as("this machine runs systemd").doesNotExist();

    ScriptSandbox.Run run = run(Map.of("LOOPBACK_INIT", ""));

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("does not run systemd", "LOOPBACK_INIT=none");
    assertNothingWasTried();
  }

  @Test
  void aFreshHostWithoutATokenIsToldHowToPassOne() throws Exception {
    assumeThat(Path.of("/var/lib/loopback-agent/identity/cert.pem")).as("this machine has joined a fleet").doesNotExist();

    ScriptSandbox.Run run = run(Map.of("LOOPBACK_TOKEN", ""));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("LOOPBACK_TOKEN is not set", "export LOOPBACK_TOKEN=",
        "| sudo --preserve-env=LOOPBACK_TOKEN sh", "never put it in the URL");
    assertNothingWasTried();
  }

  @Test
  void aTokenWithSpacesIsRefusedWithoutShowingIt() throws Exception {
    assumeThat(Path.of("/var/lib/loopback-agent/identity/cert.pem")).as("this machine has joined a fleet").doesNotExist();

    ScriptSandbox.Run run = run(Map.of("LOOPBACK_TOKEN", TOKEN + " " + TOKEN));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("LOOPBACK_TOKEN holds spaces");
    assertNothingWasTried();
  }

  @Test
  void theTarballNeedsJava17() throws Exception {
    sandbox.link("curl").stub("java", "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2");

    ScriptSandbox.Run run = run(Map.of());

    assertThat(run.status()).isEqualTo(3);
    assertThat(run.err()).contains("needs Java 17 or later", "Java 11");
    assertNothingWasTried();
  }

  @Test
  void anUnknownPackageFormatIsAUsageError() throws Exception {
    ScriptSandbox.Run run = run(Map.of("LOOPBACK_PACKAGE_FORMAT", "rpm"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("LOOPBACK_PACKAGE_FORMAT must be deb or tar.gz, got 'rpm'");
    assertNothingWasTried();
  }

  @Test
  void withoutCurlOrWgetItSaysSo() throws Exception {
    ScriptSandbox.Run run = run(Map.of());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("neither curl nor wget");
    assertNothingWasTried();
  }

  static List<List<String>> shellsAndDownloaders() {
    return List.of(
        List.of("curl", "/usr/bin/dash"),
        List.of("wget", "/usr/bin/dash"),
        List.of("curl", "/usr/bin/busybox", "sh"),
        List.of("wget", "/usr/bin/busybox", "sh"),
        List.of("curl", "/usr/bin/bash", "--posix"));
  }

  @ParameterizedTest
  @MethodSource("shellsAndDownloaders")
  void aTamperedPackageFromTheMirrorStopsTheInstallWithNothingChanged(List<String> setup) throws Exception {
    List<String> shell = setup.subList(1, setup.size());
    assumeThat(Path.of(shell.get(0))).as("shell installed").isExecutable();
    assumeThat(ScriptSandbox.installed(setup.get(0))).as(setup.get(0) + " installed").isPresent();
    sandbox.link(setup.get(0));
    byte[] tampered = packages.bytes(FakePackages.TARBALL);
    tampered[tampered.length / 2] ^= 1;
    served.put("/mirror/" + FakePackages.TARBALL, tampered);

    ScriptSandbox.Run run = run(shell, Map.of("LOOPBACK_MIRROR", "http://" + controlPlane() + "/mirror/"));

    assertThat(run.status()).as(run.err()).isEqualTo(5);
    assertThat(run.err()).contains("loopback-install: error: the SHA-512 of " + FakePackages.TARBALL,
        "nothing was installed or changed",
        "expected: " + packages.sha512(FakePackages.TARBALL),
        "actual:   " + FakePackages.sha512(tampered));
    assertThat(requested).containsExactly("/mirror/" + FakePackages.TARBALL);
    assertThat(sandbox.calls()).as("commands that change the host").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("shellsAndDownloaders")
  void theGenuinePackageFromTheControlPlanePassesTheCheckAndOnlyThenIsInstalled(List<String> setup) throws Exception {
    List<String> shell = setup.subList(1, setup.size());
    assumeThat(Path.of(shell.get(0))).as("shell installed").isExecutable();
    assumeThat(ScriptSandbox.installed(setup.get(0))).as(setup.get(0) + " installed").isPresent();
    sandbox.link(setup.get(0));
    String path = "/system/v1/downloads/agent/stable/" + FakePackages.TARBALL;
    served.put(path, packages.bytes(FakePackages.TARBALL));

    ScriptSandbox.Run run = run(shell, Map.of());

    // The first command that would change the host is a stub: it stops the script right there.
    assertThat(run.status()).as(run.err()).isEqualTo(ScriptSandbox.STUB_STATUS);
    assertThat(run.err()).contains("SHA-512 verified", "while unpacking " + FakePackages.TARBALL).doesNotContain("error: the SHA-512");
    assertThat(requested).containsExactly(path);
    assertThat(sandbox.calls()).hasSize(1).allMatch(call -> call.startsWith("mkdir " + dir.resolve("sandbox/tmp/loopback-install.")));
  }
}
