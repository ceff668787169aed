package dev.loopback.protocol.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key pairs for channel identities: EC P-256, which the JDK's TLS 1.3 handles natively and cheaply. */
public final class KeyPairs {
  private KeyPairs() {
  }

  private static final java.security.spec.ECParameterSpec P256 = ((java.security.interfaces.ECPublicKey) ecP256().getPublic()).getParams();

  /** True for an EC public key on P-256 (secp256r1), compared by curve order and generator. */
  public static boolean isP256(java.security.PublicKey key) {
    return key instanceof java.security.interfaces.ECPublicKey ec
        && ec.getParams().getOrder().equals(P256.getOrder()) && ec.getParams().getGenerator().equals(P256.getGenerator());
  }

  public static KeyPair ecP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }
}
