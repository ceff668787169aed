package dev.loopback.agent.mesh;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * WireGuard keys with the JDK's X25519: raw 32-byte keys in RFC 7748 encoding, written as standard
 * base64 (44 characters), exactly what {@code wg genkey} and {@code wg pubkey} print.
 */
final class WireGuardKeys {
  static final int LENGTH = 32;
  private static final int BASE64_LENGTH = 44;
  /** The curve's base point u = 9: X25519(k, 9) is the public key of k. */
  private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

  private WireGuardKeys() {
  }

  /** A fresh private key, clamped as {@code wg genkey} clamps it, so {@code wg show} prints it back unchanged. */
  static byte[] generatePrivate() {
    try {
      XECPrivateKey key = (XECPrivateKey) KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate();
      byte[] scalar = key.getScalar().orElseThrow(() -> new IllegalStateException("the X25519 provider hides its scalar"));
      scalar[0] &= (byte) 248;
      scalar[31] &= 127;
      scalar[31] |= 64;
      return scalar;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no X25519", e);
    }
  }

  /**
   * The public key of {@code privateKey}. The JDK has no "public key of" call for XDH, but the key
   * agreement with the base point computes exactly that.
   */
  static byte[] publicOf(byte[] privateKey) {
    try {
      KeyFactory factory = KeyFactory.getInstance("X25519");
      KeyAgreement agreement = KeyAgreement.getInstance("X25519");
      agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.clone())));
      agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_POINT)), true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot compute an X25519 public key", e);
    }
  }

  static String encode(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a WireGuard key has " + LENGTH + " bytes, not " + key.length);
    }
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * The key's bytes. Only the canonical form is accepted — the one {@code wg} prints — so a key we
   * compare with {@code wg show}'s output can never differ from it in spelling alone.
   *
   * @throws IllegalArgumentException if {@code text} is not 44 characters of base64 for 32 bytes
   */
  static byte[] decode(String text) {
    if (text == null || text.length() != BASE64_LENGTH || !text.endsWith("=")) {
      throw new IllegalArgumentException("not a WireGuard key (44 characters of base64 for 32 bytes)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a WireGuard key (44 characters of base64 for 32 bytes)");
    }
    if (key.length != LENGTH || !Base64.getEncoder().encodeToString(key).equals(text)) {
      throw new IllegalArgumentException("not a WireGuard key (44 characters of base64 for 32 bytes)");
    }
    return key;
  }

  static boolean isValid(String text) {
    try {
      decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Overwrites key material that is no longer needed, so that it does not linger in the heap. */
  static void wipe(byte[] key) {
    Arrays.fill(key, (byte) 0);
  }
}
