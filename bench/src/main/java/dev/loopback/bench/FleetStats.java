package dev.loopback.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Percentiles over recorded values, by nearest rank over the sorted samples: exact, and cheap at the
 * few thousand samples a benchmark run records (no HdrHistogram buckets needed).
 */
final class FleetStats {
  private final long[] sorted;

  private FleetStats(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  static FleetStats of(long[] values) {
    return new FleetStats(values);
  }

  int count() {
    return sorted.length;
  }

  /** The smallest sample that at least {@code percent}% of the samples do not exceed; 0 when there are none. */
  long percentile(double percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  long max() {
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
  }

  long min() {
    return sorted.length == 0 ? 0 : sorted[0];
  }

  /** p50/p90/p99/max of samples recorded in microseconds, shown in milliseconds. */
  String millisFromMicros() {
    return String.format(Locale.ROOT, "n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", count(),
        percentile(50) / 1000.0, percentile(90) / 1000.0, percentile(99) / 1000.0, max() / 1000.0);
  }
}
