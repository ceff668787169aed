package dev.loopback.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.FixedHost;
import dev.loopback.agent.StubRandom;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class HeartbeatsTest {
  @Test
  void spreadsDelaysUniformlyOverIntervalPlusOrMinusJitter() {
    Heartbeats heartbeats = new Heartbeats(10_000, 2_000);
    SplittableRandom random = new SplittableRandom(7);

    long[] delays = LongStream.range(0, 4_000).map(i -> heartbeats.nextDelayMillis(random)).toArray();

    assertThat(LongStream.of(delays).min().orElseThrow()).isGreaterThanOrEqualTo(8_000);
    assertThat(LongStream.of(delays).max().orElseThrow()).isLessThanOrEqualTo(12_000);
    assertThat(LongStream.of(delays).filter(d -> d < 9_000).count()).isBetween(800L, 1_200L);
    assertThat(LongStream.of(delays).filter(d -> d > 11_000).count()).isBetween(800L, 1_200L);
  }

  @Test
  void capsJitterAtHalfTheIntervalSoBeatsNeverBunch() {
    Heartbeats heartbeats = new Heartbeats(1_000, 5_000);

    assertThat(heartbeats.nextDelayMillis(new StubRandom(0.0))).isEqualTo(500);
    assertThat(heartbeats.nextDelayMillis(new StubRandom(1.0))).isEqualTo(1_500);
  }

  @Test
  void fallsBackToThirtySecondsWhenTheControlPlaneSendsNoInterval() {
    assertThat(new Heartbeats(0, 0).nextDelayMillis(new StubRandom(0.5))).isEqualTo(30_000);
  }

  @Test
  void keepsTheLastKnownFactsWhenReadingThemFails() {
    FixedHost host = new FixedHost();
    Heartbeats heartbeats = new Heartbeats(1_000, 0);
    assertThat(heartbeats.next(host, "host-1").facts()).isEqualTo(host.facts);
    FixedHost broken = new FixedHost() {
      @Override
      public dev.loopback.protocol.messages.HostFacts facts() {
        throw new IllegalStateException("no /proc");
      }
    };

    var beat = heartbeats.next(broken, "host-1");

    assertThat(beat.facts()).as("unchanged, so not sent").isNull();
    assertThat(beat.uptimeSeconds()).isEqualTo(42);
  }
}
