package dev.loopback.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mesh delivery benchmark, through the API: one network, every connected host but the last
 * few join it, the fleet is waited for until every host has every other as a peer; then the last few
 * join one at a time, each timed from the PUT until every host has acknowledged a configuration
 * that includes it (simulator-side: the time each simulated mesh applied it).
 */
final class MeshDelivery {
  private final ControlPlaneApi rest;
  private final UUID workspace;
  private final MeshCounters counters;
  private final PrintStream out;

  MeshDelivery(ControlPlaneApi rest, UUID workspace, MeshCounters counters, PrintStream out) {
    this.rest = rest;
    this.workspace = workspace;
    this.counters = counters;
    this.out = out;
  }

  /** Joins all but the last {@code timedJoins} hosts, waits for the full mesh, then joins those one at a time, each timed. */
  void run(List<Fleet.MeshHost> hosts, String cidr, int concurrency, int timedJoins, int timeoutSeconds) throws Exception {
    int size = hosts.size() - timedJoins;
    List<Fleet.MeshHost> initial = hosts.subList(0, size);
    UUID network = rest.createNetwork(workspace, "bench-mesh-" + hosts.size(), cidr);
    out.printf(Locale.ROOT, "network %s (%s): joining %d hosts, %d PUTs at a time%n", network, cidr, initial.size(), concurrency);

    long began = System.nanoTime();
    joinAll(network, initial, concurrency);
    double joinSeconds = (System.nanoTime() - began) / 1e9;
    out.printf(Locale.ROOT, "RESULT mesh_member_puts=%d in %.1fs = %.0f/s%n", initial.size(), joinSeconds, initial.size() / joinSeconds);
    boolean converged = waitConverged(initial, initial.size() - 1, began, timeoutSeconds);
    out.printf(Locale.ROOT, "RESULT mesh_initial_convergence hosts=%d converged=%s after=%.1fs from the first PUT; %s%n", initial.size(),
        converged, (System.nanoTime() - began) / 1e9, counters);
    if (!converged) {
      printMesh(initial.get(0).hostId());
      return;
    }
    for (int i = size; i < hosts.size(); i++) {
      TimeUnit.SECONDS.sleep(5); // lets the previous round be recorded, so that this one is a round of its own
      timedJoin(network, hosts.subList(0, i + 1), timeoutSeconds);
    }
  }

  /** The last of {@code members} joins; from the PUT until every member has all the others as peers. */
  private void timedJoin(UUID network, List<Fleet.MeshHost> members, int timeoutSeconds) throws Exception {
    Fleet.MeshHost last = members.get(members.size() - 1);
    Instant wall = Instant.now();
    long put = System.nanoTime();
    rest.joinNetwork(workspace, network, last.hostId());
    long answered = System.nanoTime();
    boolean all = waitConverged(members, members.size() - 1, put, timeoutSeconds);
    long[] acks = new long[members.size()];
    for (int i = 0; i < acks.length; i++) {
      acks[i] = members.get(i).mesh().appliedNanos() - put;
    }
    Arrays.sort(acks);
    out.printf(Locale.ROOT, "RESULT mesh_join_delivery hosts=%d all_acknowledged=%s last_ack=%.0fms after the PUT (PUT at %s UTC, answered in "
            + "%.0fms) per_host_ack first=%.0fms p50=%.0fms p90=%.0fms p99=%.0fms target=<2000ms met=%s; %s%n", members.size(), all,
        acks[acks.length - 1] / 1e6, wall, (answered - put) / 1e6, acks[0] / 1e6, percentile(acks, 50), percentile(acks, 90),
        percentile(acks, 99), all && acks[acks.length - 1] < 2_000_000_000L, counters);
    TimeUnit.SECONDS.sleep(2); // the control plane records the round's outcome after the last answer
    printMesh(last.hostId());
  }

  private void joinAll(UUID network, List<Fleet.MeshHost> hosts, int concurrency) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicInteger failures = new AtomicInteger();
    try {
      List<Future<?>> joins = new ArrayList<>();
      for (Fleet.MeshHost host : hosts) {
        joins.add(pool.submit(() -> {
          try {
            rest.joinNetwork(workspace, network, host.hostId());
          } catch (Exception e) {
            if (failures.incrementAndGet() <= 3) {
              out.println("join of " + host.hostId() + " failed: " + e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> join : joins) {
        join.get();
      }
    } finally {
      pool.shutdown();
    }
    if (failures.get() > 0) {
      out.println(failures.get() + " joins failed");
    }
  }

  /** Until every host has {@code peers} peers; prints progress every 10 s. */
  private boolean waitConverged(List<Fleet.MeshHost> hosts, int peers, long since, int timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      int done = 0;
      for (Fleet.MeshHost host : hosts) {
        if (host.mesh().peerCount() == peers) {
          done++;
        }
      }
      if (done == hosts.size()) {
        return true;
      }
      long now = System.nanoTime();
      if (now > deadline) {
        out.printf(Locale.ROOT, "gave up: %d of %d hosts have %d peers after %ds%n", done, hosts.size(), peers, timeoutSeconds);
        return false;
      }
      if (now > nextReport) {
        out.printf(Locale.ROOT, "mesh +%.0fs: %d of %d hosts have all %d peers; %s%n", (now - since) / 1e9, done, hosts.size(), peers, counters);
        nextReport = now + TimeUnit.SECONDS.toNanos(10);
      }
      TimeUnit.MILLISECONDS.sleep(hosts.size() > 5000 ? 20 : 5);
    }
  }

  private void printMesh(String hostId) {
    try {
      out.println("mesh of host " + hostId + " as the API reports it: " + rest.hostMesh(workspace, hostId));
    } catch (Exception e) {
      out.println("GET mesh of " + hostId + " failed: " + e.getMessage());
    }
  }

  private static double percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }
}
