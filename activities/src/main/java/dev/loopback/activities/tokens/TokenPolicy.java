package dev.loopback.activities.tokens;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deployment defaults for token lifetimes ({@code loopback.tokens.*}). A mint request may ask for
 * a TTL up to the maximum of its lifetime class.
 */
@ConfigurationProperties("loopback.tokens")
public record TokenPolicy(
    Duration shortLivedDefaultTtl,
    Duration shortLivedMaxTtl,
    Duration longLivedDefaultTtl,
    Duration longLivedMaxTtl,
    int maxUsesLimit) {

  public TokenPolicy {
    shortLivedDefaultTtl = orDefault(shortLivedDefaultTtl, Duration.ofHours(1));
    shortLivedMaxTtl = orDefault(shortLivedMaxTtl, Duration.ofDays(1));
    longLivedDefaultTtl = orDefault(longLivedDefaultTtl, Duration.ofDays(90));
    longLivedMaxTtl = orDefault(longLivedMaxTtl, Duration.ofDays(365));
    maxUsesLimit = maxUsesLimit == 0 ? 100_000 : maxUsesLimit;
    // Checked at startup: a bad setting must stop the control plane, not fail every later mint.
    requireOrdered("short-lived", shortLivedDefaultTtl, shortLivedMaxTtl);
    requireOrdered("long-lived", longLivedDefaultTtl, longLivedMaxTtl);
    if (maxUsesLimit < 0) {
      throw new IllegalArgumentException("loopback.tokens.max-uses-limit must be positive, got " + maxUsesLimit);
    }
  }

  private static void requireOrdered(String lifetime, Duration defaultTtl, Duration maxTtl) {
    if (defaultTtl.isNegative() || defaultTtl.isZero() || defaultTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("loopback.tokens: the " + lifetime + " default TTL (" + defaultTtl
          + ") must be positive and at most its maximum (" + maxTtl + ")");
    }
  }

  public static TokenPolicy defaults() {
    return new TokenPolicy(null, null, null, null, 0);
  }

  Duration defaultTtl(TokenLifetime lifetime) {
    return lifetime == TokenLifetime.SHORT_LIVED ? shortLivedDefaultTtl : longLivedDefaultTtl;
  }

  Duration maxTtl(TokenLifetime lifetime) {
    return lifetime == TokenLifetime.SHORT_LIVED ? shortLivedMaxTtl : longLivedMaxTtl;
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
