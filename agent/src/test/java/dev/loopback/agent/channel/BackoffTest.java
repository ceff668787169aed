package dev.loopback.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.agent.StubRandom;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));

  @Test
  void ceilingDoublesFromBaseUntilItReachesTheCap() {
    assertThat(LongStream.rangeClosed(0, 7).map(n -> backoff.ceilingMillis((int) n)).toArray())
        .containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000);
  }

  @Test
  void ceilingStaysAtTheCapForAttemptsThatWouldOverflow() {
    assertThat(backoff.ceilingMillis(40)).isEqualTo(60_000);
    assertThat(backoff.ceilingMillis(63)).isEqualTo(60_000);
    assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(60_000);
    assertThat(backoff.nextAttempt(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void delayReachesBothEndsOfTheRangeAndNoFurther() {
    assertThat(backoff.delayMillis(3, new StubRandom(0.0))).isZero();
    assertThat(backoff.delayMillis(3, new StubRandom(1.0))).isEqualTo(8_000);
    assertThat(backoff.delayMillis(30, new StubRandom(1.0))).isEqualTo(60_000);
  }

  @Test
  void delaysAreFullJitterSpreadUniformlyFromZeroToTheCeiling() {
    SplittableRandom random = new SplittableRandom(42);
    for (int attempt = 0; attempt < 10; attempt++) {
      long ceiling = backoff.ceilingMillis(attempt);
      long[] delays = new long[4_000];
      for (int i = 0; i < delays.length; i++) {
        delays[i] = backoff.delayMillis(attempt, random);
      }
      assertThat(LongStream.of(delays).min().orElseThrow()).isGreaterThanOrEqualTo(0);
      assertThat(LongStream.of(delays).max().orElseThrow()).isLessThanOrEqualTo(ceiling);
      // Full jitter, not "ceiling minus a bit": a quarter of the draws land in the lowest quarter.
      long lowQuarter = LongStream.of(delays).filter(d -> d < ceiling / 4).count();
      assertThat(lowQuarter).isBetween(800L, 1_200L);
      double mean = LongStream.of(delays).average().orElseThrow();
      assertThat(mean).isBetween(ceiling * 0.45, ceiling * 0.55);
    }
  }

  @Test
  void attemptStartsOverOnlyAfterASessionThatStayedOpenLongEnough() {
    assertThat(backoff.attemptAfterSession(6, Duration.ofSeconds(29))).isEqualTo(6);
    assertThat(backoff.attemptAfterSession(6, Duration.ofSeconds(30))).isZero();
    assertThat(backoff.attemptAfterSession(6, Duration.ofHours(5))).isZero();
  }

  @Test
  void refusesACapBelowTheBase() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
