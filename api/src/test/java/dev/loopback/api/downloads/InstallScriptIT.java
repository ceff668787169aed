package dev.loopback.api.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.loopback.activities.providers.CreateMachine;
import dev.loopback.activities.providers.netns.NetnsProvider;
import dev.loopback.api.Fleet;
import dev.loopback.api.NetnsRequirements;
import dev.loopback.api.NetnsTests;
import dev.loopback.protocol.packages.PackageSignatures;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The real install script, as an operator runs it: downloaded with curl from the control plane and
 * run as root in a fresh namespace machine that installs nothing by itself (empty user data). It
 * adopts the host, is idempotent, refuses a tampered package before changing anything, and refuses
 * to run without a token on a host that has not joined. Needs root (see {@link NetnsRequirements}).
 */
@NetnsTests
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallScriptIT {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(100);
  private static final Duration BRING_UP = Duration.ofSeconds(60);

  @Autowired Fleet fleet;
  @Autowired NetnsProvider netns;
  @LocalServerPort int port;

  private UUID workspace;
  private String bridge;
  private final List<String> machines = Collections.synchronizedList(new ArrayList<>());
  private HttpServer mirror;

  /** What test 1 left for test 2: the adopted host, its machine and where the script comes from. */
  private String adoptedHostId;
  private String adoptedMachine;
  private String adoptedScriptUrl;
  private String adoptedCaSha256;
  private boolean joined;
  private String trustedKey;

  @BeforeAll
  static void needsRoot() {
    NetnsRequirements.assumeUsable();
  }

  @Test
  @Order(1)
  void adoptsTheHostItRunsOnWithTheTokenFromTheEnvironment() throws Exception {
    JsonNode created = adopt("adopted-1");
    String token = created.get("installToken").asText();
    adoptedHostId = created.get("hostId").asText();
    adoptedCaSha256 = created.get("caSha256").asText();
    adoptedScriptUrl = scriptUrlOnBridge(created);
    assertThat(token).isNotBlank();

    // The operator's package signing key: the script pins it in agent.conf.
    String signingKey = PackageSignatures.publicKeyOf(new byte[] {7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
    trustedKey = "install-it-" + UUID.randomUUID().toString().substring(0, 8) + ":" + signingKey;
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/signing-keys"), "{\"id\":\"" + trustedKey.substring(0, trustedKey.indexOf(':'))
        + "\",\"publicKey\":\"" + signingKey + "\"}", 201);

    adoptedMachine = machine("install-adopt");
    assertThat(run(adoptedMachine, "dpkg -s loopback-agent").status()).as("a fresh machine has no agent").isNotZero();
    putToken(adoptedMachine, token);
    download(adoptedMachine, adoptedScriptUrl);

    Run install = run(adoptedMachine, "LOOPBACK_TOKEN=$(cat /root/token) sh /root/install.sh");
    assertThat(install.status()).as("install.sh: %s", install).isZero();
    assertThat(install.out()).contains("is running and dials " + bridge() + ":" + gatewayPort());
    assertThat(install.out() + install.err()).as("the script's output").doesNotContain(secretOf(token));

    JsonNode host = await(adoptedHostId, h -> "MANAGED".equals(h.get("state").asText())
        && "MANAGED".equals(h.at("/bringUp/phase").asText()), BRING_UP);
    assertThat(host.at("/session/remoteAddress").asText()).as("the agent dials from its namespace").startsWith("10.215.0.");
    assertThat(host.get("agentVersion").asText()).isNotBlank();
    joined = true;

    assertThat(sh(adoptedMachine, "stat -c '%a %U %G' /etc/loopback/agent.conf").strip()).isEqualTo("640 root loopback-agent");
    Map<String, List<String>> conf = config(adoptedMachine);
    assertThat(conf.get("endpoint")).containsExactly(bridge() + ":" + gatewayPort());
    assertThat(conf.get("ca-sha256")).containsExactly(adoptedCaSha256);
    assertThat(conf.get("token")).as("the first join needs the token in agent.conf").hasSize(1);
    assertThat(conf.get("trusted-keys")).singleElement().asString().contains(trustedKey);
    assertThat(conf.get("api-url")).as("where the agent downloads packages").containsExactly(adoptedScriptUrl.substring(0,
        adoptedScriptUrl.indexOf("/system/")));
    assertThat(sh(adoptedMachine, "dpkg -s loopback-agent")).contains("Status: install ok installed");
    assertThat(sh(adoptedMachine, "umask 077; cut -d_ -f3 /root/token > /root/token.secret && test -s /root/token.secret"
        + " && { grep -rlsF -f /root/token.secret /var/log || true; }"))
        .as("files under /var/log that hold the install token").isBlank();
    // The search above would have found it: it is where it belongs, and the agent's log was searched.
    assertThat(sh(adoptedMachine, "grep -rlsF -f /root/token.secret /etc/loopback || true").strip())
        .isEqualTo("/etc/loopback/agent.conf");
    assertThat(run(adoptedMachine, "test -s /var/log/loopback-agent.log").status()).as("the agent's log").isZero();
  }

  @Test
  @Order(2)
  void runningItAgainOnTheJoinedHostChangesNothingButTheService() throws Exception {
    assumeTrue(joined, "the host was not adopted");
    Instant before = Instant.now();

    // As the README has operators run it: piped into sh, and no token now that the host has joined.
    Run again = run(adoptedMachine, "unset LOOPBACK_TOKEN; curl -fsSL '" + adoptedScriptUrl + "' | sh");
    assertThat(again.status()).as("install.sh again: %s", again).isZero();

    assertThat(sh(adoptedMachine, "grep -c '^loopback-agent:' /etc/passwd").strip()).isEqualTo("1");
    assertThat(sh(adoptedMachine, "grep -c '^loopback-agent:' /etc/group").strip()).isEqualTo("1");
    assertThat(sh(adoptedMachine, "find /etc/systemd/system /usr/lib/systemd/system /run/systemd/system"
        + " -name loopback-agent.service -type f | wc -l").strip()).as("unit files").isEqualTo("1");
    assertThat(sh(adoptedMachine, "find /etc/systemd/system -name loopback-agent.service -type l | wc -l").strip())
        .as("enablement links").isEqualTo("1");
    assertThat(sh(adoptedMachine, "pgrep -c -f '[l]oopback-agent.jar' || true").strip()).as("running agents").isEqualTo("1");

    Map<String, List<String>> conf = config(adoptedMachine);
    conf.forEach((key, values) -> assertThat(values).as("agent.conf key %s", key).hasSize(1));
    assertThat(conf.get("endpoint")).containsExactly(bridge() + ":" + gatewayPort());
    assertThat(conf.get("ca-sha256")).containsExactly(adoptedCaSha256);
    assertThat(conf).as("the install token is dropped once the host has joined").doesNotContainKey("token");
    assertThat(conf.get("trusted-keys")).singleElement().asString().contains(trustedKey);
    assertThat(sh(adoptedMachine, "stat -c '%a %U %G' /etc/loopback/agent.conf").strip()).isEqualTo("640 root loopback-agent");

    JsonNode host = await(adoptedHostId, h -> "MANAGED".equals(h.get("state").asText())
        && !h.at("/session/connectedAt").isMissingNode()
        && Instant.parse(h.at("/session/connectedAt").asText()).isAfter(before), BRING_UP);
    assertThat(host.at("/bringUp/phase").asText()).isEqualTo("MANAGED");
    JsonNode hosts = fleet.get(fleet.ownerKey(), hosts()).get("hosts");
    assertThat(hosts).as("hosts of the workspace: %s", hosts).hasSize(1);
    assertThat(hosts.get(0).get("id").asText()).isEqualTo(adoptedHostId);
  }

  @Test
  @Order(3)
  void refusesATamperedPackageBeforeChangingAnything() throws Exception {
    JsonNode created = adopt("tampered-1");
    String scriptUrl = scriptUrlOnBridge(created);
    String machine = machine("install-tampered");
    List<String> served = startTamperingMirror();
    putToken(machine, created.get("installToken").asText());
    download(machine, scriptUrl);
    String untouched = fingerprint(machine);

    Run install = run(machine, "LOOPBACK_MIRROR='http://" + bridge() + ":" + mirror.getAddress().getPort() + "/'"
        + " LOOPBACK_TOKEN=$(cat /root/token) sh /root/install.sh");

    assertThat(install.status()).as("install.sh from a tampered mirror: %s", install).isEqualTo(5);
    assertThat(install.err()).contains("SHA-512").contains("nothing was installed or changed");
    assertThat(served).as("what the mirror served").anyMatch(path -> path.endsWith(".deb"));
    assertThat(install.out() + install.err()).doesNotContain(secretOf(created.get("installToken").asText()));
    assertNothingInstalled(machine);
    assertThat(fingerprint(machine)).as("users, groups, dpkg's database and the agent's directories").isEqualTo(untouched);
    assertThat(sh(machine, "ls -d /tmp/loopback-install.* 2>/dev/null || true")).as("the script's work directory").isBlank();
    assertThat(fleet.get(fleet.ownerKey(), hosts() + "/" + created.get("hostId").asText()).get("state").asText())
        .isEqualTo("PENDING");
  }

  @Test
  @Order(4)
  void refusesToRunWithoutATokenOnAHostThatHasNotJoined() throws Exception {
    String machine = machine("install-notoken");
    download(machine, scriptUrlOnBridge(adopt("notoken-1")));
    String untouched = fingerprint(machine);

    Run install = run(machine, "unset LOOPBACK_TOKEN; sh /root/install.sh");

    assertThat(install.status()).as("install.sh without a token: %s", install).isEqualTo(2);
    assertThat(install.err()).contains("LOOPBACK_TOKEN is not set");
    assertNothingInstalled(machine);
    assertThat(fingerprint(machine)).isEqualTo(untouched);
  }

  /** Machines outlive the control plane by design (like cloud VMs), so the test removes its own. */
  @AfterAll
  void destroyMachines() {
    if (mirror != null) {
      mirror.stop(0);
    }
    RuntimeException failed = null;
    for (String machine : List.copyOf(machines)) {
      try {
        netns.destroy(machine);
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  // --- the control plane ---

  private JsonNode adopt(String name) throws Exception {
    if (workspace == null) {
      workspace = fleet.createWorkspace("install-" + UUID.randomUUID().toString().substring(0, 8));
    }
    JsonNode created = fleet.call(fleet.ownerKey(), post(hosts()), "{\"name\":\"" + name + "\",\"checkInDeadline\":\"PT10M\"}", 201);
    assertThat(created.get("installToken").asText()).startsWith("lbt_");
    return created;
  }

  /** The script URL the API gave, as a machine reaches the control plane: at the bridge address. */
  private String scriptUrlOnBridge(JsonNode created) {
    URI given = URI.create(created.get("installScriptUrl").asText());
    assertThat(given.getRawPath()).isEqualTo("/system/v1/workspaces/" + workspace + "/install.sh");
    return "http://" + bridge() + ":" + port + given.getRawPath() + "?" + given.getRawQuery();
  }

  private int gatewayPort() throws Exception {
    return fleet.get(fleet.ownerKey(), "/api/v1/agent-channel").get("port").asInt();
  }

  private String hosts() {
    return "/api/v1/workspaces/" + workspace + "/hosts";
  }

  private JsonNode await(String hostId, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    Instant until = Instant.now().plus(timeout);
    JsonNode host = fleet.get(fleet.ownerKey(), hosts() + "/" + hostId);
    while (!condition.test(host) && Instant.now().isBefore(until)) {
      Thread.sleep(250);
      host = fleet.get(fleet.ownerKey(), hosts() + "/" + hostId);
    }
    assertThat(condition.test(host)).as("host %s within %s, last seen as %s", hostId, timeout, host).isTrue();
    return host;
  }

  /**
   * Serves every package file of the stable channel, as the control plane lists it, with one byte
   * changed, on the bridge (where machines reach the host). Returns the paths requested so far.
   */
  private List<String> startTamperingMirror() throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    for (JsonNode pkg : fleet.get(null, "/system/v1/downloads/agent/stable").get("packages")) {
      String file = pkg.get("file").asText();
      byte[] bytes = fleet.send(null, get("/system/v1/downloads/agent/stable/" + file), null).getResponse().getContentAsByteArray();
      assertThat((long) bytes.length).as("size of %s", file).isEqualTo(pkg.get("size").asLong());
      bytes[bytes.length / 2] ^= 0x01;
      files.put("/" + file, bytes);
    }
    assertThat(files.keySet()).anyMatch(path -> path.endsWith(".deb"));
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    mirror = HttpServer.create(new InetSocketAddress(netns.bridgeAddress(), 0), 0);
    mirror.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      served.add(path);
      byte[] body = files.get(path);
      try (exchange; OutputStream out = exchange.getResponseBody()) {
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          exchange.sendResponseHeaders(200, body.length);
          out.write(body);
        }
      }
    });
    mirror.start();
    return served;
  }

  // --- the machines ---

  /** A fresh machine with empty user data: it runs nothing by itself. */
  private String machine(String name) {
    String id = netns.create(new CreateMachine(UUID.randomUUID(), name, null, "")).machineId();
    machines.add(id);
    return id;
  }

  private String bridge() {
    if (bridge == null) {
      bridge = netns.bridgeAddress().getHostAddress();
    }
    return bridge;
  }

  /** Root's alone, like an operator's pasted token; the token is never in the script's command line. */
  private void putToken(String machine, String token) {
    assertThat(token).matches("[A-Za-z0-9_-]+");
    try {
      netns.exec(machine, "umask 077; printf %s '" + token + "' > /root/token");
    } catch (RuntimeException e) {
      // The failure quotes the command line, token included: not in a test report.
      throw new AssertionError("writing the token into machine " + machine + " failed: "
          + String.valueOf(e.getMessage()).replace(token, "<token>"));
    }
  }

  /** The part of a token that is secret (its lookup part is not). */
  private static String secretOf(String token) {
    String secret = token.substring(token.lastIndexOf('_') + 1);
    assertThat(secret).hasSizeGreaterThan(20);
    return secret;
  }

  private void download(String machine, String scriptUrl) {
    Run curl = run(machine, "curl -fsSL -o /root/install.sh '" + scriptUrl + "'");
    assertThat(curl.status()).as("downloading the script: %s", curl).isZero();
    assertThat(sh(machine, "head -c 9 /root/install.sh")).isEqualTo("#!/bin/sh");
  }

  private void assertNothingInstalled(String machine) {
    assertThat(run(machine, "dpkg -s loopback-agent").status()).as("dpkg -s loopback-agent").isNotZero();
    assertThat(run(machine, "getent passwd loopback-agent").status()).as("the user loopback-agent").isNotZero();
    assertThat(run(machine, "getent group loopback-agent").status()).as("the group loopback-agent").isNotZero();
    for (String path : List.of("/usr/lib/loopback-agent", "/etc/loopback/agent.conf", "/var/lib/loopback-agent",
        "/lib/systemd/system/loopback-agent.service", "/etc/systemd/system/loopback-agent.service")) {
      assertThat(run(machine, "test -e " + path).status()).as("%s exists", path).isNotZero();
    }
    assertThat(sh(machine, "pgrep -c -f '[l]oopback-agent.jar' || true").strip()).as("running agents").isEqualTo("0");
  }

  /** What installing anything would change: accounts, dpkg's database, the agent's directories. */
  private String fingerprint(String machine) {
    return sh(machine, "sha256sum /etc/passwd /etc/group /etc/shadow /var/lib/dpkg/status; "
        + "ls -la /etc/loopback /usr/lib/loopback-agent /var/lib/loopback-agent /etc/systemd/system 2>&1; true");
  }

  /** agent.conf's {@code key = value} lines, by key, in order. */
  private Map<String, List<String>> config(String machine) {
    Map<String, List<String>> keys = new HashMap<>();
    for (String line : sh(machine, "cat /etc/loopback/agent.conf").split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
        continue;
      }
      keys.computeIfAbsent(trimmed.substring(0, trimmed.indexOf('=')).strip(), k -> new ArrayList<>())
          .add(trimmed.substring(trimmed.indexOf('=') + 1).strip());
    }
    return keys;
  }

  /** stdout of a command that must succeed. */
  private String sh(String machine, String command) {
    return netns.exec(machine, command);
  }

  /** A command's exit status and output; its output goes through files, so nothing it starts holds a pipe. */
  private Run run(String machine, String command) {
    String status = netns.exec(machine, "( " + command + "\n) </dev/null >/root/it.out 2>/root/it.err; echo $?", SCRIPT_TIMEOUT);
    return new Run(Integer.parseInt(status.strip()), netns.exec(machine, "cat /root/it.out"), netns.exec(machine, "cat /root/it.err"));
  }

  record Run(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
