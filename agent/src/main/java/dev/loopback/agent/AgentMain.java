package dev.loopback.agent;

import dev.loopback.agent.channel.AgentListener;
import dev.loopback.agent.config.AgentConfig;
import dev.loopback.agent.config.AgentConfigLoader;
import dev.loopback.agent.config.ConfigException;
import dev.loopback.agent.host.AgentVersion;
import dev.loopback.agent.host.LinuxHost;
import dev.loopback.agent.identity.FileIdentityStore;
import dev.loopback.agent.logging.LogLevels;
import dev.loopback.agent.mesh.HostMesh;
import dev.loopback.agent.modules.HostModules;
import dev.loopback.agent.modules.ModuleDelivery;
import dev.loopback.agent.modules.ModuleRuntime;
import dev.loopback.agent.update.AgentInstaller;
import dev.loopback.agent.update.HostSelfUpdates;
import dev.loopback.agent.update.PackageFetcher;
import dev.loopback.agent.update.ReleaseDirectory;
import dev.loopback.protocol.messages.Refusal;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.UncheckedIOException;
import dev.loopback.protocol.tls.FastEcdsa;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs the agent until SIGTERM or SIGINT. Exit status 0 after a signal, 78 (EX_CONFIG) when the
 * configuration or the stored identity is unusable or the control plane refused the agent for good —
 * systemd should not restart it in a loop then: an operator has to act. 75 (EX_TEMPFAIL) after it
 * installed an update: systemd restarts the launcher, which runs the new version.
 */
public final class AgentMain {
  static final int EX_OK = 0;
  static final int EX_CONFIG = 78;
  /** EX_TEMPFAIL: the agent installed an update and exits so that systemd starts the launcher again, into it. */
  static final int EX_RESTART = 75;
  /** Set by the launcher, which alone can switch and roll back releases: the directory they are in. */
  static final String RELEASES_VARIABLE = "LOOPBACK_AGENT_RELEASES";
  private static final String USAGE = """
      usage: loopback-agent [--config <path>]
        --config <path>  configuration file (default $LOOPBACK_AGENT_CONFIG, then /etc/loopback/agent.conf)
        --version        print the agent version
      environment: LOOPBACK_AGENT_ENDPOINT, LOOPBACK_AGENT_TOKEN, LOOPBACK_AGENT_CA_SHA256, LOOPBACK_AGENT_CA_FILE,
        LOOPBACK_AGENT_STATE_DIR, LOOPBACK_AGENT_LOG_LEVEL, LOOPBACK_AGENT_MESH_INTERFACE, LOOPBACK_AGENT_MESH_PORT
        override the file's endpoint, token, ca-sha256, ca-file, state-dir, log-level, mesh-interface, mesh-port""";
  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  private AgentMain() {
  }

  public static void main(String[] args) {
    FastEcdsa.install();
    System.exit(run(List.of(args), System.getenv()));
  }

  static int run(List<String> args, Map<String, String> env) {
    if (args.contains("--version")) {
      System.out.println(AgentVersion.current());
      return EX_OK;
    }
    if (args.contains("--help") || args.contains("-h")) {
      System.out.println(USAGE);
      return EX_OK;
    }
    AgentConfig config;
    try {
      config = AgentConfigLoader.load(args, env);
    } catch (ConfigException e) {
      e.problems().forEach(problem -> log.atError().addKeyValue("problem", problem).log("invalid configuration"));
      return EX_CONFIG;
    }
    LogLevels.setRoot(config.logLevel());
    String version = AgentVersion.current();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("agent"), NioIoHandler.newFactory());
    HostMesh mesh = HostMesh.open(config.stateDir(), config.meshInterface(), config.meshPort());
    ModuleRuntime modules = new ModuleRuntime(config.stateDir().resolve("modules"));
    // Without api-url there is nowhere to download from: module and update requests are answered with that refusal.
    PackageFetcher fetcher = config.apiUrl() == null ? null : new PackageFetcher(HttpClient.newHttpClient(), config.apiUrl(),
        config.stateDir().resolve("updates").resolve("staging"), config.trustedKeys());
    HostModules hostModules = new HostModules(new ModuleDelivery(modules, fetcher));
    String releasesDir = env.get(RELEASES_VARIABLE);
    ReleaseDirectory releases = releasesDir == null || releasesDir.isBlank() ? null : new ReleaseDirectory(Path.of(releasesDir));
    HostSelfUpdates updates = new HostSelfUpdates(releases, new AgentInstaller(releases, fetcher, version, Clock.systemUTC()), version);
    Agent agent;
    try {
      agent = new Agent(AgentSettings.from(config), new FileIdentityStore(config.stateDir()),
          new LinuxHost(version, () -> Stream.concat(mesh.moduleStates().stream(), modules.states().stream()).toList()), mesh, group,
          AgentListener.NONE);
    } catch (UncheckedIOException | IllegalStateException e) {
      log.atError().addKeyValue("state_dir", config.stateDir()).addKeyValue("reason", e.getMessage()).log("cannot start");
      mesh.close();
      hostModules.close();
      modules.close();
      updates.close();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      return EX_CONFIG;
    }
    agent.runModules(hostModules);
    agent.runSelfUpdates(updates);
    // Before the first dial: a rebooted host gets its mesh back even while the control plane is unreachable.
    mesh.start();
    // Handling the signals ourselves, rather than through a shutdown hook, lets the agent close its
    // channel and event loop in order and exit 0 — a stop that systemd counts as clean.
    CompletableFuture<String> signalled = new CompletableFuture<>();
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> signalled.complete("SIG" + signal.getName()));
    }
    log.atInfo().addKeyValue("version", version).addKeyValue("endpoint", config.endpoint())
        .addKeyValue("state_dir", config.stateDir()).addKeyValue("host", agent.hostId().orElse("none")).log("starting");
    agent.start();
    CompletableFuture.anyOf(signalled, agent.terminated(), updates.restart()).join();
    Optional<Refusal> refusal = agent.terminated().getNow(Optional.empty());
    int status = refusal.isPresent() ? EX_CONFIG : updates.restart().isDone() ? EX_RESTART : EX_OK;
    var stopping = log.atInfo().addKeyValue("status", status);
    if (updates.restart().isDone()) {
      stopping = stopping.addKeyValue("restart_into", updates.restart().join());
    }
    if (signalled.isDone()) {
      stopping = stopping.addKeyValue("signal", signalled.join());
    }
    if (refusal.isPresent()) {
      stopping = stopping.addKeyValue("refusal", refusal.get().code()).addKeyValue("reason", refusal.get().reason());
    }
    stopping.log("stopping");
    try {
      agent.close().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.atWarn().addKeyValue("reason", String.valueOf(e)).log("the channel did not close in time");
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    mesh.close();
    hostModules.close();
    modules.close();
    updates.close();
    log.atInfo().addKeyValue("status", status).log("stopped");
    return status;
  }
}
