package dev.loopback.activities.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenLifetimeTest {

  @Test
  void acceptsBothWireNames() {
    assertThat(TokenLifetime.fromWireName("short-lived")).isEqualTo(TokenLifetime.SHORT_LIVED);
    assertThat(TokenLifetime.fromWireName("long-lived")).isEqualTo(TokenLifetime.LONG_LIVED);
  }

  @Test
  void wireNamesRoundTrip() {
    for (TokenLifetime lifetime : TokenLifetime.values()) {
      assertThat(TokenLifetime.fromWireName(lifetime.wireName())).isEqualTo(lifetime);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHORT_LIVED", "Short-Lived", "short_lived", "shortlived", "short-lived ", "forever"})
  @NullAndEmptySource
  void refusesAnythingElseNamingBothAcceptedValues(String name) {
    assertThatThrownBy(() -> TokenLifetime.fromWireName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("short-lived")
        .hasMessageContaining("long-lived");
  }
}
