package dev.loopback.activities.agents.gateway;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts refusals per source address in fixed one-minute windows. An address over the limit is
 * refused outright, before any token lookup, until its window ends: guessing tokens costs the
 * guesser a minute per few attempts and costs us nothing.
 */
public final class RefusalLimiter {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();
  private final int limit;
  private final Clock clock;

  public RefusalLimiter(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** Milliseconds until this address may try again, or 0 if it may now. */
  public long retryAfterMillis(InetAddress address) {
    Window window = windows.get(address);
    long now = clock.millis();
    if (window == null || now >= window.endsAt) {
      return 0;
    }
    return window.count >= limit ? window.endsAt - now : 0;
  }

  public void refused(InetAddress address) {
    long now = clock.millis();
    windows.compute(address, (key, window) -> window == null || now >= window.endsAt
        ? new Window(now + WINDOW.toMillis(), 1) : new Window(window.endsAt, window.count + 1));
    if (windows.size() > 10_000) {
      windows.values().removeIf(window -> now >= window.endsAt);
    }
  }

  private record Window(long endsAt, int count) {
  }
}
