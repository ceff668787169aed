package dev.loopback.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Pings random connected hosts through the API (REST → Temporal workflow → gateway → agent and back)
 * from a fixed number of threads, so that the control plane sees a bounded number of calls at once.
 */
final class PingSampler {
  private final ControlPlaneApi api;
  private final UUID workspace;

  PingSampler(ControlPlaneApi api, UUID workspace) {
    this.api = api;
    this.workspace = workspace;
  }

  record Result(FleetStats endToEnd, FleetStats gateway, Map<Integer, Integer> statuses, long wallMillis) {
  }

  Result sample(List<String> hostIds, int samples, int concurrency) throws InterruptedException {
    AtomicLongArray endToEnd = new AtomicLongArray(samples);
    AtomicLongArray gateway = new AtomicLongArray(samples);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Map<Integer, Integer> statuses = new TreeMap<>();
    long began = System.nanoTime();
    ExecutorService threads = Executors.newFixedThreadPool(concurrency);
    for (int t = 0; t < concurrency; t++) {
      threads.execute(() -> {
        for (int i = next.getAndIncrement(); i < samples; i = next.getAndIncrement()) {
          String host = hostIds.get(ThreadLocalRandom.current().nextInt(hostIds.size()));
          int status;
          try {
            ControlPlaneApi.Ping ping = api.ping(workspace, host);
            status = ping.status();
            if (status == 200) {
              int slot = answered.getAndIncrement();
              endToEnd.set(slot, ping.endToEndMicros());
              gateway.set(slot, Math.round(ping.roundTripMillis() * 1000));
            }
          } catch (Exception e) {
            status = -1;
          }
          synchronized (statuses) {
            statuses.merge(status, 1, Integer::sum);
          }
        }
      });
    }
    threads.shutdown();
    threads.awaitTermination(1, TimeUnit.HOURS);
    long wall = (System.nanoTime() - began) / 1_000_000;
    int n = answered.get();
    long[] e2e = new long[n];
    long[] gw = new long[n];
    for (int i = 0; i < n; i++) {
      e2e[i] = endToEnd.get(i);
      gw[i] = gateway.get(i);
    }
    return new Result(FleetStats.of(e2e), FleetStats.of(gw), statuses, wall);
  }
}
