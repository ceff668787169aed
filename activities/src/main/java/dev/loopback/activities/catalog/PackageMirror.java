package dev.loopback.activities.catalog;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.catalog.Catalog.ArtifactView;
import dev.loopback.activities.errors.InvalidFieldException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Registers a package that already lives elsewhere (a build server, an artifact store): the control
 * plane fetches it once and keeps a copy, which is what agents download — they only ever talk to
 * the control plane. The copy goes through exactly the checks of an upload (SHA-512 computed here
 * and compared with the declared one, which a registration must state; signature by an active
 * key), so a mirror that serves other bytes than were signed is refused.
 */
@Service
public class PackageMirror {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration FETCH_TIMEOUT = Duration.ofMinutes(10);
  private final Catalog catalog;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  public PackageMirror(Catalog catalog) {
    this.catalog = catalog;
  }

  /** A package to fetch: its URL (http or https), its SHA-512 and its signature. */
  public record RegisterPackage(String url, String sha512, String signature, String signatureKeyId) {
  }

  public ArtifactView register(Actor actor, UUID organizationId, String component, String version, String arch, String format,
      RegisterPackage request) {
    if (request == null) {
      throw new InvalidFieldException("body", "is required: {\"url\", \"sha512\", \"signature\", \"signatureKeyId\"}");
    }
    URI url = url(request.url());
    if (request.sha512() == null || !request.sha512().matches("[0-9a-fA-F]{128}")) {
      throw new InvalidFieldException("sha512", "is required for a registered package: the SHA-512 it was signed with, 128 hex digits");
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new InvalidFieldException("url", "cannot fetch " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidFieldException("url", "the fetch of " + url + " was interrupted");
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new InvalidFieldException("url", "HTTP " + response.statusCode() + " from " + url);
      }
      return catalog.upload(actor, organizationId, component, version,
          new Catalog.Upload(arch, format, request.sha512(), request.signature(), request.signatureKeyId(), url.toString()), body);
    } catch (IOException e) {
      throw new InvalidFieldException("url", "cannot read " + url + ": " + e.getMessage());
    }
  }

  private static URI url(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidFieldException("url", "is required: where the control plane fetches the package from");
    }
    try {
      URI url = new URI(text);
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
        throw new InvalidFieldException("url", "must be an http or https URL with a host, not " + text);
      }
      return url;
    } catch (URISyntaxException e) {
      throw new InvalidFieldException("url", "is not a URL: " + e.getMessage());
    }
  }
}
