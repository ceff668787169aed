package dev.loopback.activities.providers.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineIdTest {
  private static final SplittableRandom RANDOM = new SplittableRandom();

  @RepeatedTest(20)
  void randomIdsAreAnNAndEightHexDigits() {
    assertThat(MachineId.random(RANDOM).value()).matches("n[0-9a-f]{8}");
  }

  @Test
  void derivesInterfaceNamesThatFitInFifteenCharacters() {
    MachineId id = new MachineId("n0a1b2c3d");

    assertThat(id.namespace()).isEqualTo("lb-n0a1b2c3d");
    assertThat(id.hostVeth()).isEqualTo("lbvn0a1b2c3d").hasSizeLessThanOrEqualTo(MachineId.MAX_INTERFACE_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "n0a1b2c3", "n0a1b2c3d4", "N0A1B2C3D", "x0a1b2c3d", "../../usr", "n0a1b2c3/", "n0a1b2c3g"})
  void parsesNothingButWellFormedIds(String value) {
    assertThat(MachineId.parse(value)).isEmpty();
    assertThatThrownBy(() -> new MachineId(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesNullAsNoId() {
    assertThat(MachineId.parse(null)).isEmpty();
  }
}
