package dev.loopback.activities.providers.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NetnsSettingsTest {

  @Test
  void isOffByDefaultWithBridgeLb0OnTenTwoThirteen() {
    NetnsSettings settings = new NetnsSettings(null, null, null, null);

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.bridge()).isEqualTo("lb0");
    assertThat(settings.cidr()).isEqualTo("10.213.0.0/16");
    assertThat(settings.dir()).isEqualTo(Path.of(".loopback", "netns"));
  }

  @Test
  void rejectsABridgeNameLinuxWouldRefuse() {
    assertThatThrownBy(() -> new NetnsSettings(true, "a-bridge-name-too-long", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback.providers.netns.bridge");
  }

  @Test
  void rejectsAMalformedCidrWhenBound() {
    assertThatThrownBy(() -> new NetnsSettings(true, null, "10.213.0.0/33", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback.providers.netns.cidr");
  }
}
