package dev.loopback.activities.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InetAddressesTest {
  @ParameterizedTest
  @ValueSource(strings = {"192.0.2.7", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "::ffff:192.0.2.1", "fe80::a:b:c:d"})
  void acceptsAddressLiterals(String text) {
    assertThat(InetAddresses.isLiteral(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "192.0.2.256", "192.0.2", "1.2.3.4.5", "2001:db8:::1:2:3:4:5:6:7", "localhost", "abc", "10.0.0.1:51820", ""})
  void refusesNamesAndMalformedAddresses(String text) {
    assertThat(InetAddresses.isLiteral(text)).isFalse();
  }
}
