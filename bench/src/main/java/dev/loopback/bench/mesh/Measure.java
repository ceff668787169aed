package dev.loopback.bench.mesh;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Wall time with {@link System#nanoTime} after warm-up runs (median, min, max of the measured runs),
 * bytes the measuring thread allocated, and heap used after a full GC. No JMH: bench/ does not use
 * it, and the cases here run for milliseconds to seconds, where a median of a few runs is stable.
 */
final class Measure {
  private Measure() {
  }

  record Timing(double medianMillis, double minMillis, double maxMillis, int runs, long allocatedBytes) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "median=%.1fms min=%.1fms max=%.1fms runs=%d allocated_per_run=%.1fMB", medianMillis,
          minMillis, maxMillis, runs, allocatedBytes / 1e6);
    }
  }

  /** Runs {@code work} {@code warmup} times unmeasured, then {@code runs} times measured. */
  static <T> Timing time(int warmup, int runs, Supplier<T> work) {
    for (int i = 0; i < warmup; i++) {
      blackhole(work.get());
    }
    double[] millis = new double[runs];
    long allocated = 0;
    for (int i = 0; i < runs; i++) {
      long bytes = allocatedBytes();
      long began = System.nanoTime();
      blackhole(work.get());
      millis[i] = (System.nanoTime() - began) / 1e6;
      allocated += allocatedBytes() - bytes;
    }
    Arrays.sort(millis);
    return new Timing(millis[runs / 2], millis[0], millis[runs - 1], runs, allocated / runs);
  }

  /** Heap in use after full collections: what is still reachable. */
  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static volatile int sink;

  /** Keeps the JIT from dropping work whose result nobody reads. */
  static void blackhole(Object result) {
    sink += System.identityHashCode(result);
  }
}
