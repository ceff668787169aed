package dev.loopback.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the fleet came back after losing its sessions while steady (the control plane was stopped and
 * started again under it): when sessions were lost, when they were regained, and how bunched the
 * reconnections and the failed attempts in between were. Full-jitter backoff should show a spread
 * of many seconds and a peak per second well below the fleet size.
 */
final class RestartReport {
  private RestartReport() {
  }

  static void print(FleetCounters fleet, PrintStream out) {
    long[] lost = fleet.lost.since(fleet.steadySinceNanos);
    if (lost.length == 0) {
      out.println("RESULT restart: no session was lost while the fleet was steady");
      return;
    }
    long t0 = Arrays.stream(lost).min().getAsLong();
    long[] regained = fleet.regained.since(t0);
    long[] failed = fleet.failedAttempts.since(t0);
    out.printf(Locale.ROOT, "RESULT restart_sessions_lost=%d lost_within=%.1fs%n", lost.length,
        (Arrays.stream(lost).max().getAsLong() - t0) / 1e9);
    out.printf(Locale.ROOT, "RESULT restart_failed_attempts=%d peak_failed_attempts_per_s=%d%n", failed.length,
        Timeline.peakPerSecond(failed, t0));
    if (regained.length == 0) {
      out.println("RESULT restart: no session was regained");
      return;
    }
    long first = Arrays.stream(regained).min().getAsLong();
    long[] afterFirst = Arrays.stream(regained).map(t -> (t - first) / 1000).toArray();
    FleetStats spread = FleetStats.of(afterFirst);
    out.printf(Locale.ROOT, "RESULT restart_regained=%d first_reconnect_after_loss=%.1fs last_reconnect_after_loss=%.1fs "
            + "spread_first_to_last=%.1fs%n", regained.length, (first - t0) / 1e9,
        (Arrays.stream(regained).max().getAsLong() - t0) / 1e9, spread.max() / 1e6);
    out.printf(Locale.ROOT, "RESULT restart_reconnect_after_first: p50=%.1fs p90=%.1fs p99=%.1fs max=%.1fs%n",
        spread.percentile(50) / 1e6, spread.percentile(90) / 1e6, spread.percentile(99) / 1e6, spread.max() / 1e6);
    out.printf(Locale.ROOT, "RESULT restart_peak_reconnections_per_s=%d (fleet %d)%n",
        Timeline.peakPerSecond(regained, first), lost.length);
    out.println("RESULT restart_reconnections_per_5s_from_first: " + Timeline.histogram(regained, first, 5));
  }
}
