package dev.loopback.activities.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstallSettingsTest {

  @Test
  void unsetValuesMeanTheBuildOutputAndUrlsFromTheRequest() {
    InstallSettings settings = new InstallSettings(null, null, " ");
    assertThat(settings.packagesDir()).isEqualTo(Path.of("agent", "target"));
    assertThat(settings.publicUrl()).isEmpty();
    assertThat(settings.mirrorUrl()).isEmpty();
  }

  @Test
  void baseUrlsLoseTheirTrailingSlashesSoPathsCanBeAppended() {
    InstallSettings settings = new InstallSettings(null, "https://loopback.example.com/", "http://mirror.internal/loopback//");
    assertThat(settings.publicUrl()).isEqualTo("https://loopback.example.com");
    assertThat(settings.mirrorUrl()).isEqualTo("http://mirror.internal/loopback");
  }

  @ParameterizedTest
  @ValueSource(strings = {"loopback.example.com", "ftp://mirror/", "https://x.example/?a=b", "https://x.example/#top", "http://"})
  void refusesWhatIsNotAPlainHttpBaseUrlNamingTheSetting(String url) {
    assertThatThrownBy(() -> new InstallSettings(null, url, null)).hasMessageContaining("loopback.install.public-url");
    assertThatThrownBy(() -> new InstallSettings(null, null, url)).hasMessageContaining("loopback.install.mirror-url");
  }
}
