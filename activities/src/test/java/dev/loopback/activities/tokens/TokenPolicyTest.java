package dev.loopback.activities.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenPolicyTest {

  @Test
  void defaultsAreOneHourUpToOneDayForShortLivedAndNinetyDaysUpToAYearForLongLived() {
    TokenPolicy policy = TokenPolicy.defaults();

    assertThat(policy.shortLivedDefaultTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(policy.shortLivedMaxTtl()).isEqualTo(Duration.ofDays(1));
    assertThat(policy.longLivedDefaultTtl()).isEqualTo(Duration.ofDays(90));
    assertThat(policy.longLivedMaxTtl()).isEqualTo(Duration.ofDays(365));
    assertThat(policy.maxUsesLimit()).isEqualTo(100_000);
  }

  @Test
  void unsetPropertiesFallBackToTheDefaults() {
    // Spring binds absent properties as null and 0, which is what defaults() passes too.
    assertThat(new TokenPolicy(null, null, null, null, 0)).isEqualTo(TokenPolicy.defaults());
  }

  @Test
  void keepsExplicitValues() {
    TokenPolicy policy = new TokenPolicy(
        Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofDays(30), Duration.ofDays(60), 50);

    assertThat(policy.shortLivedDefaultTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.shortLivedMaxTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(policy.longLivedDefaultTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(policy.longLivedMaxTtl()).isEqualTo(Duration.ofDays(60));
    assertThat(policy.maxUsesLimit()).isEqualTo(50);
  }

  @Test
  void fillsOnlyTheValuesLeftUnset() {
    TokenPolicy policy = new TokenPolicy(Duration.ofMinutes(10), null, null, Duration.ofDays(120), 0);

    assertThat(policy.shortLivedDefaultTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.shortLivedMaxTtl()).isEqualTo(Duration.ofDays(1));
    assertThat(policy.longLivedDefaultTtl()).isEqualTo(Duration.ofDays(90));
    assertThat(policy.longLivedMaxTtl()).isEqualTo(Duration.ofDays(120));
    assertThat(policy.maxUsesLimit()).isEqualTo(100_000);
  }

  @Test
  void picksTheTtlsOfTheRequestedLifetime() {
    TokenPolicy policy = new TokenPolicy(
        Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofDays(30), Duration.ofDays(60), 50);

    assertThat(policy.defaultTtl(TokenLifetime.SHORT_LIVED)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.maxTtl(TokenLifetime.SHORT_LIVED)).isEqualTo(Duration.ofHours(2));
    assertThat(policy.defaultTtl(TokenLifetime.LONG_LIVED)).isEqualTo(Duration.ofDays(30));
    assertThat(policy.maxTtl(TokenLifetime.LONG_LIVED)).isEqualTo(Duration.ofDays(60));
  }

  @Test
  void anUnsetMaxUsesLimitMeansTheDefault() {
    assertThat(new TokenPolicy(null, null, null, null, 0).maxUsesLimit()).isEqualTo(100_000);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE})
  void aNegativeMaxUsesLimitStopsStartup(int configured) {
    assertThatThrownBy(() -> new TokenPolicy(null, null, null, null, configured))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-uses-limit");
  }

  @Test
  void aDefaultTtlAboveItsMaximumStopsStartup() {
    assertThatThrownBy(() -> new TokenPolicy(Duration.ofDays(2), Duration.ofDays(1), null, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("short-lived");
    assertThatThrownBy(() -> new TokenPolicy(null, null, Duration.ofDays(400), null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("long-lived");
    assertThatThrownBy(() -> new TokenPolicy(Duration.ZERO, null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
