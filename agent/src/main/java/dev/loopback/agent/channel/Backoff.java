package dev.loopback.agent.channel;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential backoff with full jitter, {@code delay = uniform(0, min(cap, base·2^attempt))}.
 *
 * <p>Full jitter rather than "ceiling minus a little": when a control-plane replica restarts, every
 * agent it held loses its channel in the same millisecond; drawing each delay from the whole range
 * spreads their reconnects evenly instead of in synchronised waves, and the spread doubles each
 * time the control plane is still not there. A session that stayed open for {@code resetAfter}
 * proves the control plane healthy, so the next disconnect starts again from {@code base}; a
 * session that is accepted and then dropped at once keeps growing the delay.
 */
public record Backoff(Duration base, Duration cap, Duration resetAfter) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || resetAfter.isNegative()) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap and resetAfter >= 0: " + base + ", " + cap + ", " + resetAfter);
    }
  }

  /** {@code min(cap, base·2^attempt)} in milliseconds, without overflowing for large attempts. */
  public long ceilingMillis(int attempt) {
    long base = this.base.toMillis();
    long cap = this.cap.toMillis();
    int shift = Math.max(0, attempt);
    if (shift >= 62 || base > (cap >> Math.min(shift, 62))) {
      return cap;
    }
    return Math.min(cap, base << shift);
  }

  /** A delay drawn uniformly from {@code [0, ceilingMillis(attempt)]}. */
  public long delayMillis(int attempt, RandomGenerator random) {
    return random.nextLong(ceilingMillis(attempt) + 1);
  }

  /** The attempt after this one; stops counting once the ceiling is the cap, so it never overflows. */
  public int nextAttempt(int attempt) {
    return attempt >= 62 ? attempt : attempt + 1;
  }

  /** The attempt to use after a session that lasted {@code sessionLasted}: back to 0 once it proved stable. */
  public int attemptAfterSession(int attempt, Duration sessionLasted) {
    return sessionLasted.compareTo(resetAfter) >= 0 ? 0 : attempt;
  }
}
