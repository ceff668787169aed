package dev.loopback.protocol.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key pairs for channel identities: EC P-256, which the JDK's TLS 1.3 handles natively and cheaply. */
public final class KeyPairs {
  private KeyPairs() {
  }

  /** True for an EC public key on P-256 (secp256r1), compared by curve order and generator. */
  public static boolean isP256(java.security.PublicKey key) {
    if (!(key instanceof java.security.interfaces.ECPublicKey ec)) {
      return false;
    }
    java.security.spec.ECParameterSpec p256 = ((java.security.interfaces.ECPublicKey) ecP256().getPublic()).getParams();
    return ec.getParams().getOrder().equals(p256.getOrder()) && ec.getParams().getGenerator().equals(p256.getGenerator());
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
