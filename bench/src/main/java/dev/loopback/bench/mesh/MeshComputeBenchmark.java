package dev.loopback.bench.mesh;

import dev.loopback.activities.mesh.compile.MeshRound;
import dev.loopback.activities.mesh.compile.MeshView;
import dev.loopback.activities.mesh.compile.NetworkSnapshot;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.wire.FrameLimits;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the mesh compiler costs, in one JVM, without a control plane: (a) a network's first revision
 * for all its N members, (b) every member's whole configuration (N² peer entries), (c) one host
 * joining the largest network — the round's plan and the wire delta of every existing member — and
 * (d) bridging two networks. Lines starting with {@code RESULT} are the figures.
 */
@Command(name = "mesh-compute", mixinStandardHelpOptions = true, description = "Times the mesh compiler on large networks.")
public final class MeshComputeBenchmark implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "100,1000,10000", description = "network sizes for (a) and (b)")
  List<Integer> sizes;
  @Option(names = "--join-size", defaultValue = "10000", description = "members before the join in (c)")
  int joinSize;
  @Option(names = "--bridge-size", defaultValue = "5000", description = "members of each of the two bridged networks in (d); 0 skips it")
  int bridgeSize;
  @Option(names = "--warmup", defaultValue = "3")
  int warmup;
  @Option(names = "--runs", defaultValue = "7")
  int runs;
  @Option(names = "--hold-all-up-to", defaultValue = "1000",
      description = "(b) keeps every configuration in memory up to this size, and streams one host at a time above it")
  int holdAllUpTo;
  @Option(names = "--json-sample", defaultValue = "100", description = "(b) above --hold-all-up-to: hosts whose configurations are serialised")
  int jsonSample;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MeshComputeBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    out.printf(Locale.ROOT, "mesh compiler benchmark: %d CPUs, max heap %d MB, %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
    for (int n : sizes) {
      fullRevision(n);
    }
    new MeshJoinCase(out, warmup, runs).run(joinSize);
    if (bridgeSize > 0) {
      new MeshBridgeCase(out, warmup, runs).run(bridgeSize);
    }
    return 0;
  }

  /** (a) and (b) for one network of {@code n} members. */
  private void fullRevision(int n) {
    MeshWorld world = new MeshWorld(n);
    UUID net = world.network(64);
    List<UUID> hosts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      hosts.add(world.join(net, world.host()));
    }
    NetworkSnapshot snapshot = world.snapshot(net);
    int scaledRuns = n >= 10_000 ? runs : runs * 3;
    Measure.Timing plan = Measure.time(warmup, scaledRuns, () -> world.plan(snapshot, hosts));
    long before = Measure.usedAfterGc();
    List<MeshRound.Next> next = world.plan(snapshot, hosts);
    long retained = Measure.usedAfterGc() - before;
    out.printf(Locale.ROOT, "RESULT mesh_full_revision n=%d planned=%d %s retained_heap=%.1fMB%n", n, next.size(), plan,
        retained / 1e6);
    world.commit(next);
    materialise(world, snapshot, hosts);
  }

  /** (b): every host's whole configuration from the round's view, as {@code MeshRequests} builds a full request. */
  private void materialise(MeshWorld world, NetworkSnapshot snapshot, List<UUID> hosts) {
    int n = hosts.size();
    boolean holdAll = n <= holdAllUpTo;
    long heapBefore = Measure.usedAfterGc();
    long[] peers = new long[1];
    Measure.Timing timing = Measure.time(1, n >= 10_000 ? 3 : runs, () -> {
      MeshView view = new MeshView(List.of(snapshot));
      List<WireGuardConfig> all = holdAll ? new ArrayList<>(n) : null;
      long count = 0;
      for (UUID host : hosts) {
        WireGuardConfig config = view.config(host, world.identity(host));
        count += config.peers().size();
        if (holdAll) {
          all.add(config);
        }
      }
      peers[0] = count;
      return holdAll ? all : view;
    });
    // Peak: everything reachable at the end of one pass (all configurations, or the view's peer table and one configuration).
    MeshView view = new MeshView(List.of(snapshot));
    List<WireGuardConfig> held = new ArrayList<>();
    for (UUID host : hosts) {
      WireGuardConfig config = view.config(host, world.identity(host));
      if (holdAll || held.isEmpty()) {
        held.add(config);
      }
    }
    long peak = Measure.usedAfterGc() - heapBefore;
    Measure.blackhole(held);
    Measure.blackhole(view);

    List<UUID> sample = holdAll ? hosts : hosts.subList(0, Math.min(jsonSample, n));
    long json = 0;
    long largest = 0;
    long began = System.nanoTime();
    for (UUID host : sample) {
      MeshRound.Current current = world.current(host);
      int bytes = Wire.bytes(MeshApplyRequest.full(current.revision(), current.hash(), view.config(host, world.identity(host)), 30_000));
      json += bytes;
      largest = Math.max(largest, bytes);
    }
    double serialiseMillisPerHost = (System.nanoTime() - began) / 1e6 / sample.size();
    long total = json * n / sample.size();
    out.printf(Locale.ROOT, "RESULT mesh_all_configs n=%d peer_entries=%d %s %s_heap=%.1fMB full_requests_json=%s%s "
            + "per_host=%.0fB largest_frame=%dB frame_limit=%dB fits=%s json_serialise=%.2fms/host%n",
        n, peers[0], timing, holdAll ? "all_held" : "streaming_peak", peak / 1e6, Wire.megabytes(total), holdAll ? "" : " (extrapolated from " + sample.size() + " hosts)",
        (double) json / sample.size(), largest + FrameLimits.HEADER_BYTES, FrameLimits.MAX_FRAME_BYTES,
        largest + FrameLimits.HEADER_BYTES <= FrameLimits.MAX_FRAME_BYTES, serialiseMillisPerHost);
  }
}
