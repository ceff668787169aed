package dev.loopback.protocol.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** SHA-256 over a certificate's DER encoding, as lowercase hex: what operators pin and compare. */
public final class Fingerprints {
  private Fingerprints() {
  }

  public static String sha256(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Accepts the forms people paste: any case, with or without colons. */
  public static String normalise(String fingerprint) {
    String hex = fingerprint.replace(":", "").strip().toLowerCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits, optionally with colons");
    }
    return hex;
  }
}
