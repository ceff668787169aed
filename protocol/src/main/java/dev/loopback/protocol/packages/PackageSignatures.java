package dev.loopback.protocol.packages;

import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures over {@link PackageStatement}s. Keys and signatures travel as standard Base64
 * of their raw bytes (32 and 64), the form {@code openssl pkey -pubout -outform DER | tail -c 32}
 * gives for a key; keys carry an id so that a rotation can overlap.
 */
public final class PackageSignatures {
  private PackageSignatures() {
  }

  /** A public key the catalog or an agent trusts. */
  public record TrustedKey(String id, String publicKey) {
    public TrustedKey {
      decodeKey(publicKey);
    }
  }

  /** Why a package is refused, or empty when its signature is good. */
  public static Optional<String> refusal(PackageStatement statement, String keyId, String signature, Collection<TrustedKey> trusted) {
    Optional<TrustedKey> key = trusted.stream().filter(k -> k.id().equals(keyId)).findFirst();
    if (key.isEmpty()) {
      return Optional.of("signatureKeyId: " + keyId + " is not a trusted signing key");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.of("signature: not Base64");
    }
    if (raw.length != 64) {
      return Optional.of("signature: an Ed25519 signature is 64 bytes, this is " + raw.length);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(decodeKey(key.get().publicKey())));
    byte[] message = statement.bytes();
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(raw) ? Optional.empty()
        : Optional.of("signature: does not verify with key " + keyId + " for " + statement.component() + " " + statement.version() + " "
            + statement.arch() + " " + statement.format() + " with this SHA-512");
  }

  /** Signs as an operator would with their key (tests, benchmarks and {@code loopback-sign}). */
  public static String sign(PackageStatement statement, byte[] privateKey) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(privateKey));
    byte[] message = statement.bytes();
    signer.update(message, 0, message.length);
    return Base64.getEncoder().encodeToString(signer.generateSignature());
  }

  /** The public half of a raw private key, Base64. */
  public static String publicKeyOf(byte[] privateKey) {
    return Base64.getEncoder().encodeToString(new Ed25519PrivateKeyParameters(privateKey).generatePublicKey().getEncoded());
  }

  static byte[] decodeKey(String publicKey) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(publicKey);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("publicKey: not Base64");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException("publicKey: an Ed25519 public key is 32 bytes, this is " + raw.length);
    }
    return raw;
  }
}
