package dev.loopback.bench.mesh;

import dev.loopback.activities.mesh.compile.MeshDeltas;
import dev.loopback.activities.mesh.compile.MeshRound;
import dev.loopback.activities.mesh.compile.NetworkSnapshot;
import dev.loopback.activities.mesh.compile.SnapshotDiff;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.wire.FrameLimits;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * (c) One host joins a network of N: the round's plan (every member's next hash), then what goes
 * on the wire — a delta of one peer for each existing member, built per host as {@code MeshRequests}
 * builds it (a view per host's revision, the snapshot difference shared by the batch) — against
 * sending everyone their whole configuration again.
 */
final class MeshJoinCase {
  private static final int CHECKED_HOSTS = 20;
  private final PrintStream out;
  private final int warmup;
  private final int runs;

  MeshJoinCase(PrintStream out, int warmup, int runs) {
    this.out = out;
    this.warmup = warmup;
    this.runs = runs;
  }

  void run(int n) {
    MeshWorld world = new MeshWorld(42);
    UUID net = world.network(64);
    for (int i = 0; i < n; i++) {
      world.join(net, world.host());
    }
    world.commit(world.plan(world.snapshot(net), world.members(net)));
    UUID newcomer = world.join(net, world.host());
    NetworkSnapshot after = world.snapshot(net);
    List<UUID> hosts = world.members(net);

    Measure.Timing planTime = Measure.time(warmup, runs, () -> world.plan(after, hosts));
    List<MeshRound.Next> next = world.plan(after, hosts);
    long full = next.stream().filter(MeshRound.Next::full).count();
    out.printf(Locale.ROOT, "RESULT mesh_join_plan n=%d changed=%d full=%d %s target=<200ms met=%s%n", n, next.size(), full, planTime,
        planTime.medianMillis() < 200);

    Map<UUID, MeshRound.Next> byHost = new HashMap<>();
    next.forEach(host -> byHost.put(host.hostId(), host));
    List<UUID> existing = hosts.stream().filter(host -> !host.equals(newcomer)).toList();
    List<MeshApplyRequest> requests = new ArrayList<>();
    Measure.Timing deltaTime = Measure.time(warmup, runs, () -> {
      requests.clear();
      Map<String, Set<UUID>> diffs = new HashMap<>();
      MeshDeltas.ChangedMembers changed = (network, from, to) -> diffs.computeIfAbsent(network + "/" + from + "/" + to,
          key -> SnapshotDiff.changedMembers(world.stored(network, from), world.stored(network, to)));
      for (UUID host : existing) {
        MeshRound.Current base = world.current(host);
        MeshRound.Next target = byHost.get(host);
        MeshDeltas.between(host, base.revision(), base.hash(), world.view(base.composition()), base.composition(),
                world.view(target.composition()), target.composition(), changed)
            .ifPresent(delta -> requests.add(MeshApplyRequest.delta(base.revision() + 1, target.hash(), delta, 30_000)));
      }
      return requests;
    });
    long deltaBytes = 0;
    long serialiseBegan = System.nanoTime();
    for (MeshApplyRequest request : requests) {
      deltaBytes += Wire.bytes(request);
    }
    double serialiseMillis = (System.nanoTime() - serialiseBegan) / 1e6;
    out.printf(Locale.ROOT, "RESULT mesh_join_deltas hosts=%d deltas=%d %s delta_json_total=%s per_host=%.0fB serialise_all=%.0fms%n",
        existing.size(), requests.size(), deltaTime, Wire.megabytes(deltaBytes), (double) deltaBytes / Math.max(1, requests.size()),
        serialiseMillis);

    checkDeltas(world, existing, requests);
    world.commit(next);
    int newcomerBytes = Wire.bytes(fullRequest(world, newcomer));
    long sampleBytes = 0;
    for (UUID host : existing.subList(0, CHECKED_HOSTS)) {
      sampleBytes += Wire.bytes(fullRequest(world, host));
    }
    long fullTotal = sampleBytes * hosts.size() / CHECKED_HOSTS;
    out.printf(Locale.ROOT, "RESULT mesh_join_wire deltas=%s vs full_configs_to_all=%s (extrapolated from %d hosts) ratio=1:%.0f "
            + "newcomer_full_request=%dB frame_limit=%dB newcomer_fits_one_frame=%s%n",
        Wire.megabytes(deltaBytes), Wire.megabytes(fullTotal), CHECKED_HOSTS, (double) fullTotal / Math.max(1, deltaBytes),
        newcomerBytes, FrameLimits.MAX_FRAME_BYTES, newcomerBytes + FrameLimits.HEADER_BYTES <= FrameLimits.MAX_FRAME_BYTES);
  }

  /** The agent's side, on a few hosts (before the round is committed): base configuration plus delta must hash to the planned hash. */
  private void checkDeltas(MeshWorld world, List<UUID> existing, List<MeshApplyRequest> requests) {
    int good = 0;
    long applyNanos = 0;
    for (int i = 0; i < CHECKED_HOSTS; i++) {
      UUID host = existing.get(i);
      MeshApplyRequest request = requests.get(i);
      MeshRound.Current base = world.current(host);
      WireGuardConfig before = world.view(base.composition()).config(host, world.identity(host));
      long began = System.nanoTime();
      String hash = MeshHash.text(request.delta().applyTo(before));
      applyNanos += System.nanoTime() - began;
      if (hash.equals(request.hash()) && base.hash().equals(MeshHash.text(before))) {
        good++;
      }
    }
    out.printf(Locale.ROOT, "RESULT mesh_join_delta_check hosts=%d correct=%d agent_apply_and_full_rehash=%.1fms/host%n", CHECKED_HOSTS,
        good, applyNanos / 1e6 / CHECKED_HOSTS);
  }

  private static MeshApplyRequest fullRequest(MeshWorld world, UUID host) {
    MeshRound.Current current = world.current(host);
    return MeshApplyRequest.full(current.revision(), current.hash(),
        world.view(current.composition()).config(host, world.identity(host)), 30_000);
  }
}
