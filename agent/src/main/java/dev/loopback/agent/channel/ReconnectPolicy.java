package dev.loopback.agent.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When one agent dials again. After a fresh enrollment: at once, to open the session with the new
 * certificate. After a refusal that allows a retry: no sooner than the control plane asked. Otherwise
 * a {@link Backoff} draw, whose attempt counter starts over once a session has stayed open for the
 * backoff's {@code resetAfter}. Not thread-safe: used on the agent's event loop only.
 */
public final class ReconnectPolicy {
  private final Backoff backoff;
  private final Clock clock;
  private final RandomGenerator random;
  private int attempt;
  private Instant sessionOpenedAt;
  private boolean atOnce;
  private long retryAfterMillis;

  public ReconnectPolicy(Backoff backoff, Clock clock, RandomGenerator random) {
    this.backoff = backoff;
    this.clock = clock;
    this.random = random;
  }

  public void sessionOpened() {
    sessionOpenedAt = clock.instant();
  }

  public boolean sessionWasOpen() {
    return sessionOpenedAt != null;
  }

  public void enrolled() {
    atOnce = true;
  }

  public boolean reconnectingAtOnce() {
    return atOnce;
  }

  public void retryNoSoonerThan(long millis) {
    retryAfterMillis = Math.max(retryAfterMillis, millis);
  }

  /** The delay before the next attempt; call once per disconnect. */
  public long nextDelayMillis() {
    long delay;
    if (atOnce) {
      delay = 0;
    } else {
      if (sessionOpenedAt != null) {
        attempt = backoff.attemptAfterSession(attempt, Duration.between(sessionOpenedAt, clock.instant()));
      }
      delay = Math.max(backoff.delayMillis(attempt, random), retryAfterMillis);
      attempt = backoff.nextAttempt(attempt);
    }
    atOnce = false;
    sessionOpenedAt = null;
    retryAfterMillis = 0;
    return delay;
  }

  /** Consecutive attempts that did not lead to a lasting session. */
  public int attempt() {
    return attempt;
  }
}
