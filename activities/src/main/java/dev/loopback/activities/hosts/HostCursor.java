package dev.loopback.activities.hosts;

import dev.loopback.activities.errors.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of hosts ended: the (created_at, id) of its last host. Keyset paging on the list's own
 * order, so hosts enrolled while a client pages never shift later pages. Clients see it only as an
 * opaque string ({@link #encode()}); its contents may change between versions.
 */
public record HostCursor(Instant createdAt, UUID id) {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  public String encode() {
    return ENCODER.encodeToString((createdAt + "/" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a cursor this API issued, or refuses it naming {@code field}. */
  public static HostCursor parse(String field, String encoded) {
    try {
      String[] parts = new String(DECODER.decode(encoded), StandardCharsets.UTF_8).split("/", -1);
      if (parts.length == 2) {
        return new HostCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // fall through: refused below, without echoing what it decoded to
    }
    throw new InvalidFieldException(field, field + " is not a cursor this API issued; pass the 'next' of the previous page");
  }
}
