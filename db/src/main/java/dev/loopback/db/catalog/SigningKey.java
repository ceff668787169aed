package dev.loopback.db.catalog;

import java.time.Instant;

/** An Ed25519 public key (raw, Base64) whose signatures the catalog accepts while it is not retired. */
public record SigningKey(String id, String publicKey, Instant createdAt, Instant retiredAt) {
  public boolean active() {
    return retiredAt == null;
  }
}
