package dev.loopback.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import dev.loopback.protocol.tls.FastEcdsa;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a fleet of real agents against a running control plane and prints what it measured. Entry
 * point only: the agents are in {@link Fleet}, the counting in {@link AgentProbe}, the REST calls in
 * {@link ControlPlaneApi}. Lines starting with {@code RESULT} are the figures; {@code READY} and
 * {@code HOLDING} tell a driving script when the fleet is steady.
 */
@Command(name = "fleet-simulator", mixinStandardHelpOptions = true,
    description = "Enrolls and connects N real agents (simulated hosts) to a Loopback control plane and measures it.")
public final class FleetSimulator implements Callable<Integer> {
  @Option(names = "--endpoint", description = "agent gateway host:port (default: 127.0.0.1 and the port the API reports)")
  String endpoint;
  @Option(names = "--api", defaultValue = "http://localhost:8080", description = "control plane REST base URL")
  URI api;
  @Option(names = "--api-key", description = "API key that may mint tokens and ping hosts")
  String apiKey;
  @Option(names = "--data-dir", description = "read the API key from <dir>/bootstrap-owner-key")
  Path dataDir;
  @Option(names = "--workspace", description = "workspace id (default: the first one the key may mint tokens in)")
  UUID workspace;
  @Option(names = "--token", description = "install token to enroll with (default: mint a long-lived unlimited one)")
  String token;
  @Option(names = "--tokens", defaultValue = "1",
      description = "tokens to mint and spread the agents over (each enrollment locks its token's row until it commits)")
  int tokenCount;
  @Option(names = "--agents", defaultValue = "1000")
  int agents;
  @Option(names = "--enroll-rate", defaultValue = "0", description = "agents started per second; 0 = as fast as --max-in-flight allows")
  double enrollRate;
  @Option(names = "--max-in-flight", defaultValue = "256", description = "started agents without a session yet, at most (0 = unbounded)")
  int maxInFlight;
  @Option(names = "--source-addresses", defaultValue = "4", description = "dial from 127.0.0.2 .. 127.0.0.(1+N)")
  int sourceAddresses;
  @Option(names = "--event-loop-threads", description = "threads of the shared event loop group (default: CPUs)")
  int eventLoopThreads = Runtime.getRuntime().availableProcessors();
  @Option(names = "--heartbeat-report", description = "count heartbeats sent during the hold and compare with the interval")
  boolean heartbeatReport;
  @Option(names = "--ping-samples", defaultValue = "0", description = "pings through the API once everyone is connected")
  int pingSamples;
  @Option(names = "--ping-concurrency", defaultValue = "8")
  int pingConcurrency;
  @Option(names = "--hold", defaultValue = "0", description = "seconds to hold the sessions open after the pings")
  int holdSeconds;
  @Option(names = "--connect-timeout", defaultValue = "900", description = "seconds to wait for every agent's first session")
  int connectTimeoutSeconds;
  @Option(names = "--reconnect-timeout", defaultValue = "300",
      description = "after the hold, if sessions were lost, seconds to wait for them all to come back")
  int reconnectTimeoutSeconds;
  @Option(names = "--progress-seconds", defaultValue = "5")
  int progressSeconds;
  @Option(names = "--mesh", description = "simulate each host's WireGuard mesh; with --mesh-cidr, run the mesh delivery benchmark")
  boolean mesh;
  @Option(names = "--mesh-cidr", description = "create a network with this CIDR, join all hosts but the last few, then time their joins")
  String meshCidr;
  @Option(names = "--mesh-timed-joins", defaultValue = "3", description = "hosts joined one at a time at the end, each timed")
  int meshTimedJoins;
  @Option(names = "--mesh-join-concurrency", defaultValue = "8")
  int meshJoinConcurrency;
  @Option(names = "--mesh-timeout", defaultValue = "1800", description = "seconds to wait for the mesh to converge, each time")
  int meshTimeoutSeconds;
  @Option(names = "--agent-log-level", defaultValue = "OFF")
  String agentLogLevel;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    FastEcdsa.install(); // as the real agent does in AgentMain
    System.exit(new CommandLine(new FleetSimulator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ((Logger) LoggerFactory.getLogger("dev.loopback.agent")).setLevel(Level.toLevel(agentLogLevel, Level.OFF));
    ControlPlaneApi rest = new ControlPlaneApi(api, apiKey());
    UUID ws = workspace != null ? workspace : rest.mintingWorkspace();
    ControlPlaneApi.AgentChannel channel = rest.agentChannel();
    String host = endpoint == null ? "127.0.0.1" : endpoint.substring(0, endpoint.lastIndexOf(':'));
    int port = endpoint == null ? channel.port() : Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < (token != null ? 1 : tokenCount); i++) {
      tokens.add(token != null ? token : rest.mintToken(ws));
    }
    out.printf(Locale.ROOT, "fleet of %d agents → %s:%d (workspace %s, CA sha256 %s), %d token(s), %d source addresses, "
        + "%d event loop threads%n", agents, host, port, ws, channel.caSha256(), tokens.size(), sourceAddresses, eventLoopThreads);

    FleetCounters counters = new FleetCounters();
    counters.target = agents;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(eventLoopThreads, new DefaultThreadFactory("agents"), NioIoHandler.newFactory());
    Fleet fleet = new Fleet(host, port, tokens, channel.caSha256(), sourceAddresses, group, counters);
    MeshCounters meshCounters = new MeshCounters();
    if (mesh || meshCidr != null) {
      fleet.simulateMeshes(new MeshPeers(), meshCounters);
    }
    long began = System.nanoTime();
    try (Progress progress = new Progress(counters, out, began, progressSeconds)) {
      fleet.launch(agents, enrollRate, maxInFlight);
      long launched = System.nanoTime();
      boolean all = waitFor(() -> counters.everOpen.get() + counters.terminated.get() >= agents, connectTimeoutSeconds);
      progress.print();
      reportRamp(counters, began, launched, all);
      counters.markSteady();
      out.printf(Locale.ROOT, "READY open=%d simulator_heap_after_gc=%dMB%n", counters.open.get(), heapAfterGcMegabytes());

      if (pingSamples > 0) {
        List<String> hostIds = fleet.hostIds();
        PingSampler.Result pings = new PingSampler(rest, ws).sample(hostIds, pingSamples, pingConcurrency);
        out.printf(Locale.ROOT, "RESULT ping_statuses=%s in %.1fs at concurrency %d over %d hosts%n", pings.statuses(),
            pings.wallMillis() / 1000.0, pingConcurrency, hostIds.size());
        out.println("RESULT ping_api_end_to_end " + pings.endToEnd().millisFromMicros());
        out.println("RESULT ping_gateway_round_trip " + pings.gateway().millisFromMicros());
      }

      if (meshCidr != null) {
        new MeshDelivery(rest, ws, meshCounters, out).run(fleet.meshHosts(), meshCidr, meshJoinConcurrency, meshTimedJoins, meshTimeoutSeconds);
      }

      out.printf(Locale.ROOT, "HOLDING for %ds with %d sessions open%n", holdSeconds, counters.open.get());
      // Heartbeats are counted over the first minute of the hold only: a restart later in the hold would dilute them.
      long beatsBefore = counters.heartbeats.sum();
      long holdBegan = System.nanoTime();
      int window = Math.min(holdSeconds, 60);
      TimeUnit.SECONDS.sleep(window);
      double beatWall = (System.nanoTime() - holdBegan) / 1e9;
      long beats = counters.heartbeats.sum() - beatsBefore;
      TimeUnit.SECONDS.sleep(holdSeconds - window);
      if (counters.sessionsLost.sum() > 0 && counters.open.get() < counters.everOpen.get()) {
        out.println("sessions were lost during the hold; waiting for them to come back");
        waitFor(() -> counters.open.get() >= counters.everOpen.get() - counters.terminated.get(), reconnectTimeoutSeconds);
        progress.print();
      }
      if (heartbeatReport) {
        long interval = counters.heartbeatIntervalMillis.get();
        out.printf(Locale.ROOT, "RESULT heartbeat_interval=%dms jitter=%dms heartbeats_sent=%d in %.0fs = %.0f/s "
                + "(expected about %.0f/s for %d sessions)%n", interval, counters.heartbeatJitterMillis.get(), beats, beatWall,
            beats / beatWall, interval == 0 ? 0.0 : counters.everOpen.get() * 1000.0 / interval, counters.everOpen.get());
      }
      RestartReport.print(counters, out);
      out.printf(Locale.ROOT, "RESULT max_concurrently_open=%d open_at_end=%d sessions_lost=%d refusals=%s close_reasons=%s%n",
          counters.maxOpen.get(), counters.open.get(), counters.sessionsLost.sum(), counters.refusals(), counters.closeReasons());
    } finally {
      fleet.close(30);
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
    return 0;
  }

  private void reportRamp(FleetCounters counters, long began, long launched, boolean all) {
    int enrolled = counters.enrolled.get();
    double enrollWall = (counters.lastEnrolledNanos.get() - began) / 1e9;
    out.printf(Locale.ROOT, "RESULT enrolled=%d of %d in %.2fs = %.1f enrollments/s (launch took %.2fs)%n", enrolled, agents,
        enrollWall, enrolled / enrollWall, (launched - began) / 1e9);
    long allOpen = counters.allOpenNanos.get();
    out.printf(Locale.ROOT, "RESULT all_connected=%s time_to_all_connected=%s max_concurrently_open=%d terminated=%d%n",
        all && allOpen != 0, allOpen == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fs", (allOpen - began) / 1e9),
        counters.maxOpen.get(), counters.terminated.get());
  }

  private String apiKey() throws IOException {
    if (apiKey != null) {
      return apiKey;
    }
    if (dataDir == null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "pass --api-key or --data-dir");
    }
    return Files.readString(dataDir.resolve("bootstrap-owner-key")).strip();
  }

  private static boolean waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return true;
  }

  private static long heapAfterGcMegabytes() {
    System.gc();
    Runtime jvm = Runtime.getRuntime();
    return (jvm.totalMemory() - jvm.freeMemory()) >> 20;
  }
}
