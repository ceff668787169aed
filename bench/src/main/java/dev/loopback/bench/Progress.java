package dev.loopback.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one line about the fleet every few seconds, on a thread of its own. */
final class Progress implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "progress");
    thread.setDaemon(true);
    return thread;
  });
  private final FleetCounters fleet;
  private final PrintStream out;
  private final long began;

  Progress(FleetCounters fleet, PrintStream out, long began, int everySeconds) {
    this.fleet = fleet;
    this.out = out;
    this.began = began;
    timer.scheduleAtFixedRate(this::print, everySeconds, everySeconds, TimeUnit.SECONDS);
  }

  void print() {
    Runtime jvm = Runtime.getRuntime();
    out.printf(Locale.ROOT, "t=%6.1fs started=%d enrolled=%d open=%d max_open=%d lost=%d refused=%s connect_failed=%d "
            + "reconnects_scheduled=%d terminated=%d heap_used=%dMB%n",
        (System.nanoTime() - began) / 1e9, fleet.started.get(), fleet.enrolled.get(), fleet.open.get(), fleet.maxOpen.get(),
        fleet.sessionsLost.sum(), fleet.refusals(), fleet.connectFailures.sum(), fleet.reconnectsScheduled.sum(),
        fleet.terminated.get(), (jvm.totalMemory() - jvm.freeMemory()) >> 20);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
