package dev.loopback.activities.downloads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionsTest {

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
      "0.1.0~snapshot, 0.1.0",
      "1.0~rc1, 1.0",
      "1.0~~, 1.0~",
      "1.0, 1.0a",
      "1.0a, 1.0+b1",
      "1.0, 1.0-1",
      "1.0-1, 1.0-2",
      "1.2.3, 1.2.10",
      "0.9.0, 0.10.0",
      "0.10.0, 1.0.0~rc1",
      "9.0, 1:0.1",
      "1.0-9, 1.0.1-1"})
  void ordersAsDpkgDoes(String lower, String higher) {
    assertThat(DebianVersions.compare(lower, higher)).isNegative();
    assertThat(DebianVersions.compare(higher, lower)).isPositive();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({"1.0, 1.0", "1.0, 1.00", "0:1.0, 1.0", "1.01, 1.1"})
  void leadingZerosAndAZeroEpochChangeNothing(String a, String b) {
    assertThat(DebianVersions.compare(a, b)).isZero();
  }
}
