package dev.loopback.api.downloads;

import dev.loopback.activities.downloads.AgentPackageSource;
import dev.loopback.activities.downloads.DirectoryPackageSource;
import dev.loopback.activities.downloads.InstallSettings;
import dev.loopback.activities.downloads.InstallTarget;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The download routes alone, for {@code @WebMvcTest} through {@code @ContextConfiguration}: the real
 * controllers and problem handling over {@link FakePackages}, and fixed gateway facts in place of a
 * running control plane. Deliberately not a {@code @Configuration}: the application's component scan
 * covers test classes too, and must never find this.
 */
@Import({InstallScriptController.class, AgentDownloadsController.class})
@ComponentScan(basePackages = "dev.loopback.api.web", useDefaultFilters = false,
    includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
        pattern = "dev\\.loopback\\.api\\.web\\.(ProblemHandler|ProblemWriter|RequestIdFilter)"))
class DownloadsSlice {

  static final UUID WORKSPACE = UUID.fromString("6f1c2a9e-3d4b-4c5a-9e8f-0a1b2c3d4e5f");
  static final String CA_SHA256 = "ab".repeat(32);
  static final int GATEWAY_PORT = 7443;
  static final String TRUSTED_KEYS = "ops-2026:" + "A".repeat(43) + "=";

  @Bean
  FakePackages fakePackages() throws IOException {
    return FakePackages.create();
  }

  @Bean
  InstallSettings installSettings(FakePackages packages) {
    return new InstallSettings(packages.dir(), null, null);
  }

  @Bean
  AgentPackageSource agentPackageSource(InstallSettings settings) {
    return new DirectoryPackageSource(settings);
  }

  @Bean
  InstallTarget installTarget() {
    return new FixedInstallTarget(Set.of(WORKSPACE), List.of("loopback.example.com", "localhost", "127.0.0.1"), GATEWAY_PORT,
        CA_SHA256, TRUSTED_KEYS);
  }
}
