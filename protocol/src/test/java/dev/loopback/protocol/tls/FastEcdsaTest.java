package dev.loopback.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.Signature;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class FastEcdsaTest {
  private final KeyPair keys = KeyPairs.ecP256();
  private final byte[] data = new SecureRandom().generateSeed(64);

  @Test
  void signsWithJdkKeysThroughBouncyCastleAndTheJdkAgrees() throws Exception {
    FastEcdsa.install();
    FastEcdsa.install();

    Signature fast = Signature.getInstance("SHA256withECDSA");
    fast.initSign(keys.getPrivate());
    fast.update(data);
    byte[] signature = fast.sign();

    assertThat(fast.getProvider().getName()).isEqualTo(FastEcdsa.PROVIDER);
    Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
    jdk.initVerify(keys.getPublic());
    jdk.update(data);
    assertThat(jdk.verify(signature)).isTrue();
  }

  @Test
  void verifiesWhatTheJdkSignedAndRefusesATamperedMessage() throws Exception {
    FastEcdsa.install();
    Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
    jdk.initSign(keys.getPrivate());
    jdk.update(data);
    byte[] signature = jdk.sign();

    Signature fast = Signature.getInstance("SHA256withECDSA");
    fast.initVerify(keys.getPublic());
    fast.update(data);
    assertThat(fast.verify(signature)).isTrue();
    assertThat(fast.getProvider().getName()).isEqualTo(FastEcdsa.PROVIDER);

    data[0] ^= 1;
    fast.initVerify(keys.getPublic());
    fast.update(data);
    assertThat(fast.verify(signature)).isFalse();
  }
}
