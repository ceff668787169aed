package dev.loopback.agent.update;

import dev.loopback.protocol.messages.UpdateCheckResponse;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.packages.PackageStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fetches a package the catalog offered and keeps it only if it is exactly what was offered and
 * signed by a key this host trusts: the offer's size and SHA-512, and an Ed25519 signature by one of
 * the keys pinned at install over its {@link PackageStatement} — which names component, version,
 * architecture and format, so a validly signed package of another version is refused too. The
 * download goes to the staging directory under a temporary name and is renamed only once everything
 * holds; a refused package is deleted. Nothing else on the host changes either way.
 */
public final class PackageFetcher {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+-]{1,64}");
  private static final Pattern ARCH = Pattern.compile("[a-z0-9_]{1,16}");
  private static final List<String> FORMATS = List.of("deb", "tar.gz");
  private final HttpClient http;
  private final URI base;
  private final Path staging;
  private final List<TrustedKey> trusted;

  /**
   * @param base the control plane's HTTP address, which the offer's {@code url} path is resolved against
   * @param trusted the package signing keys pinned in the agent's configuration ({@code trusted-keys})
   */
  public PackageFetcher(HttpClient http, URI base, Path staging, List<TrustedKey> trusted) {
    this.http = http;
    this.base = base;
    this.staging = staging;
    this.trusted = List.copyOf(trusted);
  }

  /** @return the verified package, in the staging directory */
  public Path fetch(UpdateCheckResponse offer) throws PackageRefused, InterruptedException {
    String fileName = check(offer);
    if (trusted.isEmpty()) {
      throw new PackageRefused("signatureKeyId", "this host trusts no package signing key (trusted-keys in agent.conf)");
    }
    Path partial = null;
    try {
      Files.createDirectories(staging);
      partial = Files.createTempFile(staging, fileName + ".", ".part");
      String sha512 = download(URI.create(base + offer.url()), partial, offer.size());
      if (!sha512.equals(offer.sha512())) {
        throw new PackageRefused("sha512", "the downloaded file's SHA-512 is " + sha512 + ", the offer says " + offer.sha512());
      }
      Optional<String> refusal = PackageSignatures.refusal(new PackageStatement(offer.component(), offer.version(), offer.arch(),
          offer.format(), sha512), offer.signatureKeyId(), offer.signature(), trusted);
      if (refusal.isPresent()) {
        String reason = refusal.get();
        throw new PackageRefused(reason.substring(0, reason.indexOf(':')), reason.substring(reason.indexOf(':') + 2));
      }
      Path verified = staging.resolve(fileName);
      Files.move(partial, verified, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      partial = null;
      return verified;
    } catch (IOException e) {
      throw new PackageRefused("url", "cannot fetch " + offer.url() + ": " + e.getMessage());
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // A leftover .part file is never used: only renamed, verified files are.
        }
      }
    }
  }

  /** The offer's fields, before a byte is fetched; returns the name the verified file gets. */
  private static String check(UpdateCheckResponse offer) throws PackageRefused {
    if (!offer.available()) {
      throw new PackageRefused("available", "the offer is empty: there is nothing to fetch");
    }
    require("component", offer.component(), NAME);
    require("version", offer.version(), VERSION);
    require("arch", offer.arch(), ARCH);
    if (!FORMATS.contains(offer.format())) {
      throw new PackageRefused("format", "must be one of " + FORMATS);
    }
    if (offer.size() <= 0) {
      throw new PackageRefused("size", "must be positive");
    }
    if (offer.sha512() == null || !offer.sha512().matches("[0-9a-f]{128}")) {
      throw new PackageRefused("sha512", "must be 128 lowercase hexadecimal digits");
    }
    if (offer.url() == null || !offer.url().startsWith("/") || offer.url().contains("..")) {
      throw new PackageRefused("url", "must be a path on the control plane");
    }
    return offer.component() + "_" + offer.version() + "_" + offer.arch() + "." + offer.format();
  }

  private static void require(String field, String value, Pattern pattern) throws PackageRefused {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new PackageRefused(field, "\"" + value + "\" is not a valid " + field);
    }
  }

  /** Streams the body into {@code file}, refusing more bytes than offered; returns its SHA-512. */
  private String download(URI url, Path file, long size) throws IOException, PackageRefused, InterruptedException {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body(); OutputStream out = Files.newOutputStream(file)) {
      if (response.statusCode() != 200) {
        throw new PackageRefused("url", "HTTP " + response.statusCode() + " from " + url);
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int read; (read = body.read(buffer)) >= 0; ) {
        total += read;
        if (total > size) {
          throw new PackageRefused("size", "the download is larger than the offer's " + size + " bytes");
        }
        digest.update(buffer, 0, read);
        out.write(buffer, 0, read);
      }
      if (total != size) {
        throw new PackageRefused("size", "the download has " + total + " bytes, the offer says " + size);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-512", e);
    }
  }
}
