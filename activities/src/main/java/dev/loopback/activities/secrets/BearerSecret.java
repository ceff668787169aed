package dev.loopback.activities.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bearer secrets (API keys, agent tokens): {@code <prefix>_<lookup>_<secret>}.
 *
 * <p>The prefix ({@code lbk}, {@code lbt}) lets secret scanners recognise a leaked one. The lookup
 * (12 base62 characters) is public and finds the row; the secret (43 base62 characters, ~256 bits)
 * is never stored, only its SHA-256. A fast hash is right here because the secret is random and
 * long: there is nothing to brute-force that a slow hash would protect. Hashes are compared in
 * constant time so a response time never says how much of a guess was right.
 */
public record BearerSecret(String value, String lookup, byte[] hash) {

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int LOOKUP_LENGTH = 12;
  private static final int SECRET_LENGTH = 43;
  private static final SecureRandom RANDOM = new SecureRandom();

  public static BearerSecret generate(String prefix) {
    String lookup = randomBase62(LOOKUP_LENGTH);
    String value = prefix + "_" + lookup + "_" + randomBase62(SECRET_LENGTH);
    return new BearerSecret(value, lookup, sha256(value));
  }

  /** Parses a presented secret of the given prefix; empty when it cannot be one of ours. */
  public static Optional<BearerSecret> parse(String prefix, String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    Pattern shape =
        Pattern.compile(Pattern.quote(prefix) + "_([0-9A-Za-z]{" + LOOKUP_LENGTH + "})_[0-9A-Za-z]{" + SECRET_LENGTH + "}");
    var matcher = shape.matcher(presented);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(new BearerSecret(presented, matcher.group(1), sha256(presented)));
  }

  public boolean matches(byte[] storedHash) {
    return MessageDigest.isEqual(hash, storedHash);
  }

  @Override
  public String toString() {
    return "BearerSecret[lookup=" + lookup + "]";
  }

  private static String randomBase62(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
