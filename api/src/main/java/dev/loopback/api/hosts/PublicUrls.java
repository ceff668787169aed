package dev.loopback.api.hosts;

import java.net.URI;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The control plane's HTTP base URL as hosts reach it: {@code LOOPBACK_PUBLIC_URL}, else as this request reached it. */
@Component
class PublicUrls {
  private final Environment environment;

  PublicUrls(Environment environment) {
    this.environment = environment;
  }

  URI base() {
    String configured = environment.getProperty("loopback.install.public-url", "");
    return configured.isBlank() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUri() : URI.create(configured);
  }
}
