package dev.loopback.api.downloads;

import dev.loopback.activities.downloads.InstallSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** How hosts reach this control plane: its HTTP base URL and the agent gateway's {@code host:port}. */
final class PublicAddresses {

  private PublicAddresses() {}

  /** {@code LOOPBACK_PUBLIC_URL}, else the scheme, Host and context path the request came with. */
  static String baseUrl(InstallSettings settings, HttpServletRequest request) {
    if (!settings.publicUrl().isEmpty()) {
      return settings.publicUrl();
    }
    return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
  }

  /**
   * The name the host already used for us (the request's Host, or the public URL's), when the gateway
   * certificate carries it; else the first advertised name. The agent verifies the certificate
   * against this name, so it must be one of them.
   */
  static String gatewayEndpoint(InstallSettings settings, HttpServletRequest request, List<String> advertised, int port) {
    List<String> used = new ArrayList<>();
    used.add(request.getServerName());
    if (!settings.publicUrl().isEmpty()) {
      used.add(URI.create(settings.publicUrl()).getHost());
    }
    String chosen = used.stream()
        .map(PublicAddresses::unbracketed)
        .flatMap(name -> advertised.stream().filter(candidate -> candidate.equalsIgnoreCase(name)))
        .findFirst()
        .orElse(advertised.get(0));
    return (chosen.contains(":") ? "[" + chosen + "]" : chosen) + ":" + port;
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
