package dev.loopback.bench;

import java.util.Arrays;

/**
 * Timestamps (nanoTime) of one kind of event, appended from many event loops. A lock per append is
 * cheap next to the TLS handshake or socket event that causes it.
 */
final class Timeline {
  private long[] times = new long[1024];
  private int size;

  synchronized void record(long nanos) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
    }
    times[size++] = nanos;
  }

  synchronized long[] since(long fromNanos) {
    return Arrays.stream(times, 0, size).filter(t -> t - fromNanos >= 0).toArray();
  }

  /** The largest number of events in any one-second window starting at {@code fromNanos} + k seconds. */
  static long peakPerSecond(long[] times, long fromNanos) {
    if (times.length == 0) {
      return 0;
    }
    long last = Arrays.stream(times).max().getAsLong();
    long[] buckets = new long[(int) ((last - fromNanos) / 1_000_000_000L) + 1];
    for (long t : times) {
      buckets[(int) ((t - fromNanos) / 1_000_000_000L)]++;
    }
    return Arrays.stream(buckets).max().getAsLong();
  }

  /** Counts per {@code bucketSeconds} from {@code fromNanos}, e.g. {@code "0-5s:12 5-10s:340 ..."}. */
  static String histogram(long[] times, long fromNanos, int bucketSeconds) {
    if (times.length == 0) {
      return "(none)";
    }
    long width = bucketSeconds * 1_000_000_000L;
    long last = Arrays.stream(times).max().getAsLong();
    long[] buckets = new long[(int) ((last - fromNanos) / width) + 1];
    for (long t : times) {
      buckets[(int) ((t - fromNanos) / width)]++;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < buckets.length; i++) {
      out.append(i * bucketSeconds).append('-').append((i + 1) * bucketSeconds).append("s:").append(buckets[i]).append(' ');
    }
    return out.toString().strip();
  }
}
