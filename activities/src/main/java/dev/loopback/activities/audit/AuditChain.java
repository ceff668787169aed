package dev.loopback.activities.audit;

import dev.loopback.db.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chain's hash function. Each field is written as {@code <length>:<value>;} so that no two
 * different events serialise to the same bytes (moving text between adjacent fields changes the
 * lengths). Timestamps are hashed in microseconds, PostgreSQL's precision, so a read-back event
 * hashes exactly as it did when written.
 */
final class AuditChain {

  static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  static String hash(AuditEvent event) {
    StringBuilder canonical = new StringBuilder(256);
    field(canonical, event.id());
    field(canonical, event.organizationId());
    field(canonical, event.workspaceId());
    long micros = event.occurredAt().getEpochSecond() * 1_000_000L + event.occurredAt().getNano() / 1_000;
    field(canonical, micros);
    field(canonical, event.actor());
    field(canonical, event.action());
    field(canonical, event.target());
    field(canonical, event.requestId());
    field(canonical, event.outcome());
    field(canonical, event.detail());
    field(canonical, event.prevHash());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void field(StringBuilder out, Object value) {
    if (value == null) {
      out.append("-1:;");
      return;
    }
    String text = value.toString();
    out.append(text.length()).append(':').append(text).append(';');
  }
}
