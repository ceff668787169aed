package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.providers.netns.NetnsProvider;
import dev.loopback.api.Fleet;
import dev.loopback.api.NetnsRequirements;
import dev.loopback.api.NetnsTests;
import dev.loopback.db.hosts.HostMachineRepository;
import dev.loopback.protocol.packages.PackageSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An agent updates itself on a real host: a netns machine that installed the agent's .deb through
 * the install script and runs it under its service manager, from the launcher. The releases are the
 * agent's own jar repackaged under other versions, published and signed through the API:
 * one signed by a key the host never pinned is refused and nothing changes; 0.2.0 is installed,
 * restarted into and checks in; 0.3.0, whose jar cannot start, is rolled back by the host's
 * launcher on its own, and the host reports it; so is a 0.4.0 that starts but hangs, once its
 * check-in deadline passes. Needs root.
 */
@NetnsTests
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentSelfUpdateIT {
  private static final Path AGENT_JAR = Path.of("../agent/target/loopback-agent-exec.jar");
  private static final Duration UPDATE = Duration.ofMinutes(3);
  @Autowired Fleet fleet;
  @Autowired NetnsProvider netns;
  @Autowired HostMachineRepository machines;
  @TempDir Path dir;
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final byte[] pinnedKey = randomKey();
  private final String pinnedKeyId = "agents-" + suffix;
  /** Its own channel, so that agent releases other tests publish are not offered here. */
  private final String channel = "su-" + suffix;
  private UUID workspace;
  private String hostId;
  private String installedVersion;

  @BeforeAll
  void installAHost() throws Exception {
    NetnsRequirements.assumeUsable();
    // Registered before the host is installed, so the install script pins it.
    registerKey(pinnedKeyId, pinnedKey);
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/channels"), "{\"name\":\"" + channel + "\"}", 201);
    workspace = fleet.createWorkspace("self-update-" + suffix);
    hostId = fleet.call(fleet.ownerKey(), post(hosts()), "{\"name\":\"updater\",\"provider\":\"netns\",\"checkInDeadline\":\"PT5M\"}", 201)
        .get("hostId").asText();
    installedVersion = await(h -> "MANAGED".equals(h.get("state").asText()), Duration.ofMinutes(4)).get("agentVersion").asText();
  }

  @Test
  @Order(1)
  void aReleaseSignedByAKeyTheHostNeverPinnedIsRefusedAndNothingChanges() throws Exception {
    byte[] laterKey = randomKey();
    String laterKeyId = "later-" + suffix;
    registerKey(laterKeyId, laterKey);
    publish("0.1.9", jarSaying("0.1.9", true), laterKeyId, laterKey);

    fleet.call(fleet.ownerKey(), post(update()), "{\"channel\":\"" + channel + "\",\"version\":\"0.1.9\",\"checkInSeconds\":60}", 202);

    JsonNode refused = awaitUpdate(u -> !"UPDATING".equals(u.get("status").asText()));
    assertThat(refused.get("status").asText()).isEqualTo("REFUSED");
    assertThat(refused.get("reason").asText()).contains("signatureKeyId", laterKeyId);
    JsonNode host = fleet.get(fleet.ownerKey(), hosts() + "/" + hostId);
    assertThat(host.get("state").asText()).isEqualTo("MANAGED");
    assertThat(host.get("agentVersion").asText()).isEqualTo(installedVersion);
  }

  @Test
  @Order(2)
  void theHostFindsTheNextReleaseInstallsItRestartsIntoItAndChecksIn() throws Exception {
    publish("0.2.0", jarSaying("0.2.0", true), pinnedKeyId, pinnedKey);

    JsonNode asked = fleet.call(fleet.ownerKey(), post(update()), "{\"channel\":\"" + channel + "\",\"checkInSeconds\":90}", 202);

    assertThat(asked.get("toVersion").asText()).as("the update check's answer: the highest eligible release").isEqualTo("0.2.0");
    assertThat(asked.get("fromVersion").asText()).isEqualTo(installedVersion);
    assertThat(fleet.get(fleet.ownerKey(), hosts() + "/" + hostId).get("state").asText()).isEqualTo("UPDATING");
    JsonNode done = awaitUpdate(u -> !"UPDATING".equals(u.get("status").asText()));
    assertThat(done.get("status").asText()).as("update %s", done).isEqualTo("SUCCEEDED");
    assertThat(done.get("runningVersion").asText()).isEqualTo("0.2.0");
    JsonNode host = await(h -> "MANAGED".equals(h.get("state").asText()), Duration.ofSeconds(30));
    assertThat(host.get("agentVersion").asText()).isEqualTo("0.2.0");
    assertThat(fleet.call(fleet.ownerKey(), post(hosts() + "/" + hostId + "/ping"), null, 200).get("agentVersion").asText())
        .as("the running agent answers as the new version").isEqualTo("0.2.0");
  }

  @Test
  @Order(3)
  void aReleaseThatCannotStartIsRolledBackByTheHostOnItsOwn() throws Exception {
    publish("0.3.0", jarSaying("0.3.0", false), pinnedKeyId, pinnedKey);

    fleet.call(fleet.ownerKey(), post(update()), "{\"channel\":\"" + channel + "\",\"checkInSeconds\":60}", 202);

    JsonNode done = awaitUpdate(u -> !"UPDATING".equals(u.get("status").asText()));
    assertThat(done.get("status").asText()).as("update %s", done).isEqualTo("ROLLED_BACK");
    assertThat(done.get("toVersion").asText()).isEqualTo("0.3.0");
    assertThat(done.get("runningVersion").asText()).isEqualTo("0.2.0");
    assertThat(done.get("reason").asText()).contains("back to 0.2.0", "exited with status 1");
    JsonNode host = await(h -> "MANAGED".equals(h.get("state").asText()), Duration.ofSeconds(30));
    assertThat(host.get("agentVersion").asText()).isEqualTo("0.2.0");
  }

  @Test
  @Order(4)
  void aReleaseThatHangsWithoutCheckingInIsStoppedAtItsDeadlineAndRolledBack() throws Exception {
    publish("0.4.0", hangingJar("0.4.0"), pinnedKeyId, pinnedKey);

    fleet.call(fleet.ownerKey(), post(update()), "{\"channel\":\"" + channel + "\",\"checkInSeconds\":15}", 202);

    JsonNode done = awaitUpdate(u -> !"UPDATING".equals(u.get("status").asText()));
    assertThat(done.get("status").asText()).as("update %s", done).isEqualTo("ROLLED_BACK");
    assertThat(done.get("runningVersion").asText()).isEqualTo("0.2.0");
    assertThat(done.get("reason").asText()).contains("back to 0.2.0", "did not check in within");
    assertThat(await(h -> "MANAGED".equals(h.get("state").asText()), Duration.ofSeconds(30)).get("agentVersion").asText())
        .isEqualTo("0.2.0");
  }

  @Test
  @Order(5)
  void refusesBadRequestsWithProblemDetails() throws Exception {
    assertThat(fleet.call(fleet.ownerKey(), post(update()), "{\"version\":\"two\"}", 400).toString()).contains("version");
    assertThat(fleet.call(fleet.ownerKey(), post(update()), "{\"channel\":\"nightly\"}", 400).toString()).contains("channel");
    assertThat(fleet.call(fleet.ownerKey(), post(update()), "{\"checkInSeconds\":1}", 400).toString()).contains("checkInSeconds");
    assertThat(fleet.call(fleet.ownerKey(), post(update()), "{\"channel\":\"" + channel + "\",\"version\":\"0.2.0\"}", 409).get("detail").asText())
        .contains("already runs 0.2.0");
    assertThat(fleet.call(fleet.ownerKey(), post(update()), "{\"channel\":\"" + channel + "\",\"version\":\"9.9.9\"}", 409).get("detail").asText())
        .contains("no published agent 9.9.9");
  }

  @AfterAll
  void destroyMachine() {
    if (hostId != null) {
      machines.find(UUID.fromString(hostId)).ifPresent(machine -> netns.destroy(machine.machineId()));
    }
  }

  /**
   * The agent's own jar under another Implementation-Version; {@code startable} false also points
   * Main-Class at a class that does not exist, so the JVM exits 1 at once.
   */
  private Path jarSaying(String version, boolean startable) throws IOException {
    Path jar = dir.resolve("loopback-agent-" + version + ".jar");
    try (JarFile original = new JarFile(AGENT_JAR.toFile())) {
      Manifest manifest = new Manifest(original.getManifest());
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
      if (!startable) {
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.loopback.agent.NoSuchMain");
      }
      try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
        for (Enumeration<JarEntry> entries = original.entries(); entries.hasMoreElements(); ) {
          JarEntry entry = entries.nextElement();
          if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
            continue;
          }
          // Spring Boot's loader needs its nested jars stored, not deflated: copy entries as they are.
          JarEntry copy = new JarEntry(entry);
          copy.setCompressedSize(-1);
          out.putNextEntry(copy);
          try (InputStream in = original.getInputStream(entry)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  /** A jar that says {@code version} and whose main method only sleeps: it starts, and never checks in. */
  private Path hangingJar(String version) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("hang-src"));
    Files.writeString(sources.resolve("Hang.java"), "public class Hang { public static void main(String[] a) throws Exception {"
        + " Thread.sleep(Long.MAX_VALUE); } }");
    Path classes = Files.createDirectories(dir.resolve("hang-classes"));
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), sources.resolve("Hang.java").toString()))
        .isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hang");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    Path jar = dir.resolve("hang-" + version + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry("Hang.class"));
      Files.copy(classes.resolve("Hang.class"), out);
      out.closeEntry();
    }
    return jar;
  }

  /** Packs the jar as the agent's linux tarball lays it out, then creates, uploads, signs and publishes the release. */
  private void publish(String version, Path jar, String keyId, byte[] key) throws Exception {
    Path top = dir.resolve("tar-" + version).resolve("loopback-agent-" + version);
    Path lib = Files.createDirectories(top.resolve("usr/lib/loopback-agent"));
    Files.copy(jar, lib.resolve("loopback-agent.jar"));
    Path archive = dir.resolve("loopback-agent-" + version + "-linux.tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", top.getParent().toString(), top.getFileName().toString())
        .inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    fleet.publishRelease("agent", version, "\"channel\":\"" + channel + "\",\"eligibility\":\"any\"", "tar.gz",
        Files.readAllBytes(archive), keyId, key);
  }

  private void registerKey(String id, byte[] key) throws Exception {
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/signing-keys"),
        "{\"id\":\"" + id + "\",\"publicKey\":\"" + PackageSignatures.publicKeyOf(key) + "\"}", 201);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private String hosts() {
    return "/api/v1/workspaces/" + workspace + "/hosts";
  }

  private String update() {
    return hosts() + "/" + hostId + "/agent-update";
  }

  private JsonNode awaitUpdate(Predicate<JsonNode> condition) throws Exception {
    return poll(update(), condition, UPDATE);
  }

  private JsonNode await(Predicate<JsonNode> condition, Duration timeout) throws Exception {
    return poll(hosts() + "/" + hostId, condition, timeout);
  }

  private JsonNode poll(String path, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    Instant until = Instant.now().plus(timeout);
    JsonNode node = fleet.get(fleet.ownerKey(), path);
    while (!condition.test(node) && Instant.now().isBefore(until)) {
      Thread.sleep(500);
      node = fleet.get(fleet.ownerKey(), path);
    }
    assertThat(condition.test(node)).as("%s within %s, last seen as %s", path, timeout, node).isTrue();
    return node;
  }
}
