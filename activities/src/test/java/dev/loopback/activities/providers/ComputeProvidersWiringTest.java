package dev.loopback.activities.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.activities.providers.netns.NetnsProvider;
import dev.loopback.activities.providers.netns.NetnsSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class ComputeProvidersWiringTest {
  private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Providers.class);

  @Test
  void createsNoNetnsProviderUnlessEnabled() {
    context.run(app -> {
      assertThat(app).hasNotFailed().doesNotHaveBean(NetnsProvider.class);
      assertThat(app.getBean(ComputeProviders.class).names()).isEmpty();
    });
  }

  @Test
  void bindsTheNetnsSettingsFromLoopbackProvidersNetns() {
    context.withPropertyValues("loopback.providers.netns.bridge=lbdev", "loopback.providers.netns.cidr=10.99.0.0/24",
            "loopback.providers.netns.dir=/var/lib/loopback/netns")
        .run(app -> assertThat(app.getBean(NetnsSettings.class))
            .isEqualTo(new NetnsSettings(false, "lbdev", "10.99.0.0/24", Path.of("/var/lib/loopback/netns"))));
  }

  @Configuration
  @EnableConfigurationProperties(NetnsSettings.class)
  @Import({ComputeProviders.class, NetnsProvider.class})
  static class Providers {}
}
