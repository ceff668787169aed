package dev.loopback.activities.hosts.machines;

import dev.loopback.activities.providers.ComputeProvider;
import dev.loopback.activities.providers.netns.NetnsProvider;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where a new machine reaches the control plane's HTTP API: namespace machines at the bridge address
 * on this replica's HTTP port, any other at the configured public URL ({@code LOOPBACK_PUBLIC_URL}).
 */
@Component
public class ControlPlaneUrls {
  private final Environment environment;

  public ControlPlaneUrls(Environment environment) {
    this.environment = environment;
  }

  public URI forMachinesOf(ComputeProvider provider) {
    if (provider instanceof NetnsProvider netns) {
      // Read late: the web server publishes its port (a random one in tests) only once it listens.
      String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
      return URI.create("http://" + netns.bridgeAddress().getHostAddress() + ":" + port);
    }
    String publicUrl = environment.getProperty("loopback.install.public-url", "");
    if (publicUrl.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure("machines of provider " + provider.name()
          + " need the control plane's public URL: set LOOPBACK_PUBLIC_URL", "NoPublicUrl");
    }
    return URI.create(publicUrl);
  }
}
