package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.agent.Agent;
import dev.loopback.agent.AgentSettings;
import dev.loopback.agent.channel.AgentListener;
import dev.loopback.agent.channel.Backoff;
import dev.loopback.agent.host.LinuxHost;
import dev.loopback.agent.identity.InMemoryIdentityStore;
import dev.loopback.agent.modules.HostModules;
import dev.loopback.agent.modules.ModuleDelivery;
import dev.loopback.agent.modules.ModuleRuntime;
import dev.loopback.agent.update.PackageFetcher;
import dev.loopback.api.Fleet;
import dev.loopback.api.NetnsRequirements;
import dev.loopback.api.NetnsTests;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.tls.ServerTrust;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The whole module path with a real agent (in this JVM, on the control plane's real HTTP port): an operator publishes the host-metrics module and a broken
 * one and assigns them to a workspace; the agent fetches each over HTTP, verifies it against its
 * pinned key, runs it and reports it. The broken one fails, the host is DEGRADED — and still
 * connected and answering — until the module is disabled.
 */
@NetnsTests
class ModuleDeliveryIT {
  private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;
  @LocalServerPort int port;
  @TempDir Path dir;

  /** The context with a real HTTP port, which the agent downloads from, is the one the root-only tests share. */
  @BeforeAll
  static void needsTheRealPortContext() {
    NetnsRequirements.assumeUsable();
  }

  @AfterAll
  static void stopLoop() {
    LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void aModuleIsDeliveredRunsReportsAndOneThatCrashesLeavesTheAgentConnected() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String keyId = "modules-" + suffix;
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/signing-keys"),
        "{\"id\":\"" + keyId + "\",\"publicKey\":\"" + PackageSignatures.publicKeyOf(key) + "\"}", 201);
    String metrics = "metrics-" + suffix;
    String crasher = "crasher-" + suffix;
    publish(metrics, Files.readString(Path.of("..", "modules", "host-metrics", "run")), keyId, key);
    publish(crasher, "#!/bin/sh\necho 'cannot open /dev/sensor'\nexit 2\n", keyId, key);

    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("delivery-" + suffix);
    ModuleRuntime runtime = new ModuleRuntime(dir.resolve("modules"));
    Agent agent = new Agent(new AgentSettings("localhost", gateway.port(), harness.mintToken(workspace, "{}"),
        ServerTrust.pinned(ca.fingerprint())).withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5))),
        new InMemoryIdentityStore(), new LinuxHost("1.0.0", runtime::states), LOOP, AgentListener.NONE);
    HostModules modules = new HostModules(new ModuleDelivery(runtime, new PackageFetcher(HttpClient.newHttpClient(),
        URI.create("http://localhost:" + port), dir.resolve("staging"), List.of(new TrustedKey(keyId, PackageSignatures.publicKeyOf(key))))));
    agent.runModules(modules);
    agent.start();
    try {
      String host = "/api/v1/workspaces/" + workspace + "/hosts/" + awaitHostId(agent);
      String modulesPath = "/api/v1/workspaces/" + workspace + "/modules/";

      fleet.call(fleet.ownerKey(), put(modulesPath + metrics), "{\"channel\":\"stable\",\"policy\":{\"intervalSeconds\":1}}", 200);
      JsonNode running = await(host, h -> module(h, metrics).path("metrics").has("load1"));
      assertThat(running.get("state").asText()).isEqualTo("MANAGED");
      assertThat(module(running, metrics).get("state").asText()).isEqualTo("active");

      fleet.call(fleet.ownerKey(), put(modulesPath + crasher), "{\"channel\":\"stable\"}", 200);
      JsonNode degraded = await(host, h -> "DEGRADED".equals(h.get("state").asText()));
      assertThat(module(degraded, crasher).get("message").asText()).contains("exited with status 2", "cannot open /dev/sensor");
      assertThat(module(degraded, metrics).get("state").asText()).as("the other module runs on").isEqualTo("active");
      assertThat(fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(host + "/ping"), null, 200).get("agentVersion").asText())
          .as("the core agent still answers").isEqualTo("1.0.0");

      fleet.call(fleet.ownerKey(), put(modulesPath + crasher), "{\"channel\":\"stable\",\"enabled\":false}", 200);
      JsonNode healthy = await(host, h -> "MANAGED".equals(h.get("state").asText()));
      assertThat(module(healthy, crasher).get("state").asText()).isEqualTo("disabled");
    } finally {
      agent.close().get(5, TimeUnit.SECONDS);
      modules.close();
      runtime.close();
    }
  }

  private void publish(String module, String run, String keyId, byte[] key) throws Exception {
    Path work = Files.createDirectories(dir.resolve("build-" + module));
    Files.writeString(work.resolve("run"), run);
    Path archive = dir.resolve(module + ".tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", work.toString(), "run").inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    fleet.publishRelease(module, "0.1.0", "\"channel\":\"stable\",\"eligibility\":\"any\",\"requiresCore\":\">=1.0.0\"", "tar.gz",
        Files.readAllBytes(archive), keyId, key);
  }

  private static String awaitHostId(Agent agent) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(20);
    while (agent.hostId().isEmpty() && Instant.now().isBefore(until)) {
      Thread.sleep(50);
    }
    return agent.hostId().orElseThrow();
  }

  private JsonNode await(String path, Predicate<JsonNode> condition) throws Exception {
    Instant until = Instant.now().plusSeconds(45);
    JsonNode host = fleet.get(fleet.ownerKey(), path);
    while (!condition.test(host) && Instant.now().isBefore(until)) {
      Thread.sleep(250);
      host = fleet.get(fleet.ownerKey(), path);
    }
    assertThat(condition.test(host)).as("host %s, last seen as %s", path, host).isTrue();
    return host;
  }

  private static JsonNode module(JsonNode host, String name) {
    for (JsonNode module : host.path("modules")) {
      if (name.equals(module.path("name").asText())) {
        return module;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
