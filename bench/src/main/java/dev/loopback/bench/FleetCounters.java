package dev.loopback.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the whole fleet did, updated from every agent's event loop through its {@link AgentProbe}.
 * Counters are lock-free; the timelines after {@link #markSteady()} feed the reconnect report.
 */
final class FleetCounters {
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger enrolled = new AtomicInteger();
  /** Agents that opened a session at least once. */
  final AtomicInteger everOpen = new AtomicInteger();
  final AtomicInteger open = new AtomicInteger();
  final AtomicInteger maxOpen = new AtomicInteger();
  final AtomicInteger terminated = new AtomicInteger();
  final LongAdder sessionsOpened = new LongAdder();
  final LongAdder sessionsLost = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder reconnectsScheduled = new LongAdder();
  final LongAdder heartbeats = new LongAdder();
  final AtomicLong lastEnrolledNanos = new AtomicLong();
  /** When the last of {@link #target} agents opened its first session. */
  final AtomicLong allOpenNanos = new AtomicLong();
  volatile int target;
  final AtomicLong heartbeatIntervalMillis = new AtomicLong();
  final AtomicLong heartbeatJitterMillis = new AtomicLong();
  private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> closeReasons = new ConcurrentHashMap<>();

  /** Set once the whole fleet is connected: losses and reconnections from then on are a restart's. */
  volatile long steadySinceNanos;
  final Timeline lost = new Timeline();
  final Timeline regained = new Timeline();
  final Timeline failedAttempts = new Timeline();

  void markSteady() {
    steadySinceNanos = System.nanoTime();
  }

  boolean steady() {
    return steadySinceNanos != 0;
  }

  void opened() {
    sessionsOpened.increment();
    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
  }

  void refused(String code) {
    refusals.computeIfAbsent(code, key -> new LongAdder()).increment();
  }

  /** Reasons for channels that closed without our asking, truncated so that host ids do not make each one unique. */
  void closed(String reason) {
    String kind = reason == null ? "unknown" : reason.length() > 48 ? reason.substring(0, 48) : reason;
    closeReasons.computeIfAbsent(kind, key -> new LongAdder()).increment();
  }

  Map<String, Long> refusals() {
    return snapshot(refusals);
  }

  Map<String, Long> closeReasons() {
    return snapshot(closeReasons);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((key, value) -> copy.put(key, value.sum()));
    return copy;
  }
}
