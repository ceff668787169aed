package dev.loopback.api.downloads;

import dev.loopback.activities.downloads.AgentPackage;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * HTTP for one package. Spring MVC does the rest from the headers set here: a file body gets
 * Content-Length, Range (206, multipart/byteranges for several ranges, 416), and the ETag and
 * Last-Modified answer conditional requests (304, 412). If-Range it does not know, so it is here.
 *
 * <p>Packages are cached for a year as immutable: their names carry their versions. The ETag is the
 * first 256 bits of the SHA-512, so it changes exactly when the bytes do.
 */
final class PackageResponses {

  static final String REPR_DIGEST = "Repr-Digest";
  static final String X_CHECKSUM = "X-Checksum-Sha512";
  private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

  private PackageResponses() {}

  static ResponseEntity<?> file(AgentPackage pkg, HttpServletRequest request) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(pkg.format().mediaType()))
        .eTag(etag(pkg))
        .lastModified(pkg.lastModified())
        .cacheControl(IMMUTABLE)
        .header(HttpHeaders.ACCEPT_RANGES, "bytes")
        .header(REPR_DIGEST, "sha-512=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(pkg.sha512())) + ":")
        .header(X_CHECKSUM, pkg.sha512())
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(pkg.file()).build().toString());
    if (HttpMethod.HEAD.matches(request.getMethod())) {
      // Headers only: without this the file would be read through to be discarded.
      return ok.contentLength(pkg.size()).build();
    }
    if (request.getHeader(HttpHeaders.RANGE) != null && !ifRangeHolds(request.getHeader(HttpHeaders.IF_RANGE), pkg)) {
      // The client's copy is stale: it gets the whole file. A stream body is one Spring does not cut into ranges.
      return ok.contentLength(pkg.size()).body(new InputStreamResource(open(pkg)));
    }
    // No Content-Length here: Spring sets it for the whole file or for the ranges it serves.
    return ok.body(new FileSystemResource(pkg.content()));
  }

  /** {@code <hex>  <file>}: what {@code sha512sum -c} reads. */
  static ResponseEntity<String> sidecar(AgentPackage pkg) {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .eTag(etag(pkg).replace("\"", "") + ".sha512")
        .cacheControl(CacheControl.noCache())
        .body(pkg.sha512() + "  " + pkg.file() + "\n");
  }

  static String etag(AgentPackage pkg) {
    return "\"" + pkg.sha512().substring(0, 64) + "\"";
  }

  /** RFC 9110 §13.1.5: a strong entity tag that matches, or exactly the Last-Modified date; absent holds. */
  private static boolean ifRangeHolds(String ifRange, AgentPackage pkg) {
    if (ifRange == null) {
      return true;
    }
    String validator = ifRange.strip();
    if (validator.startsWith("\"")) {
      return validator.equals(etag(pkg));
    }
    if (validator.startsWith("W/")) {
      return false;
    }
    try {
      return ZonedDateTime.parse(validator, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond()
          == pkg.lastModified().getEpochSecond();
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static InputStream open(AgentPackage pkg) {
    try {
      return Files.newInputStream(pkg.content());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read package " + pkg.file(), e);
    }
  }
}
