package dev.loopback.activities.downloads;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The install script and package downloads ({@code loopback.install.*}).
 *
 * @param packagesDir the {@code stable} channel's packages; another channel {@code X} is its
 *     subdirectory {@code X/}. By default what the build produced, run from the repository root.
 * @param publicUrl base URL hosts use to reach the HTTP API, e.g. {@code https://loopback.example.com};
 *     empty: derived from each request (scheme and Host)
 * @param mirrorUrl when set, install scripts download {@code <mirrorUrl>/<file>} instead of from the
 *     control plane (air-gapped sites); the checksums still come from the control plane
 */
@ConfigurationProperties("loopback.install")
public record InstallSettings(Path packagesDir, String publicUrl, String mirrorUrl) {

  public InstallSettings {
    packagesDir = packagesDir == null ? Path.of("agent", "target") : packagesDir;
    publicUrl = baseUrl("public-url", publicUrl);
    mirrorUrl = baseUrl("mirror-url", mirrorUrl);
  }

  /** An absolute http(s) URL without query or fragment, trailing slashes removed; "" when unset. */
  private static String baseUrl(String key, String value) {
    if (value == null || value.isBlank()) {
      return "";
    }
    String url = value.strip();
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("loopback.install." + key + " must be an http(s) URL without query or fragment, got " + url);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("loopback.install." + key + " is not a URL: " + url, e);
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }
}
