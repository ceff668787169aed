package dev.loopback.bench.mesh;

import dev.loopback.activities.mesh.compile.MeshRound;
import dev.loopback.activities.mesh.compile.NetworkSnapshot;
import dev.loopback.protocol.messages.WireGuardConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * (d) Two networks of N members each, then a bridge between them: every host now sees the other
 * network, so every host's view changes and every host gets a whole new configuration of 2N − 1
 * peers. The plan still computes entries once per view, not once per host.
 */
final class MeshBridgeCase {
  private final PrintStream out;
  private final int warmup;
  private final int runs;

  MeshBridgeCase(PrintStream out, int warmup, int runs) {
    this.out = out;
    this.warmup = warmup;
    this.runs = runs;
  }

  void run(int n) {
    MeshWorld world = new MeshWorld(7);
    UUID a = world.network(64);
    UUID b = world.network(65);
    for (int i = 0; i < n; i++) {
      world.join(a, world.host());
      world.join(b, world.host());
    }
    world.commit(world.plan(world.snapshot(a), world.members(a)));
    world.commit(world.plan(world.snapshot(b), world.members(b)));
    world.bridge(a, b);
    NetworkSnapshot bridged = world.snapshot(a);
    List<UUID> hosts = new ArrayList<>(world.members(a));
    hosts.addAll(world.members(b));

    Measure.Timing plan = Measure.time(warmup, runs, () -> world.plan(bridged, hosts));
    List<MeshRound.Next> next = world.plan(bridged, hosts);
    long full = next.stream().filter(MeshRound.Next::full).count();
    world.commit(next);
    UUID sample = hosts.get(0);
    MeshRound.Current current = world.current(sample);
    Measure.Timing one = Measure.time(warmup, runs, () -> world.view(current.composition()).config(sample, world.identity(sample)));
    WireGuardConfig config = world.view(current.composition()).config(sample, world.identity(sample));
    out.printf(Locale.ROOT, "RESULT mesh_bridge n=%d+%d changed=%d full=%d plan: %s%n", n, n, next.size(), full, plan);
    out.printf(Locale.ROOT, "RESULT mesh_bridge_one_config peers=%d networks=%s build_with_fresh_view: %s%n", config.peers().size(),
        config.networks(), one);
  }
}
