package dev.loopback.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

class PemTest {
  private final TestPki pki = new TestPki("Loopback test CA");

  @Test
  void readsBackTheCertificateItWrote() {
    var leaf = pki.gateway("gateway.loopback.test").certificate();

    String pem = Pem.encode(leaf);

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Pem.certificate(pem)).isEqualTo(leaf);
  }

  @Test
  void readsAChainInTheOrderWritten() {
    var leaf = pki.gateway("gateway.loopback.test").certificate();

    assertThat(Pem.certificates(Pem.encode(leaf) + Pem.encode(pki.ca()))).containsExactly(leaf, pki.ca());
  }

  @Test
  void readsTheFirstCertificateOfAChainAsTheCertificate() {
    var leaf = pki.gateway("gateway.loopback.test").certificate();

    assertThat(Pem.certificate(Pem.encode(leaf) + Pem.encode(pki.ca()))).isEqualTo(leaf);
  }

  @Test
  void readsBackTheEcPrivateKeyItWrote() throws Exception {
    KeyPair keys = KeyPairs.ecP256();

    PrivateKey read = Pem.privateKey(Pem.encode(keys.getPrivate()));

    assertThat(((ECPrivateKey) read).getS()).isEqualTo(((ECPrivateKey) keys.getPrivate()).getS());
    assertThat(signsFor(read, keys)).isTrue();
  }

  @Test
  void readsAnEcPrivateKeyInTheTraditionalFormThatCarriesItsPublicKey() throws Exception {
    // Bouncy Castle's encoding keeps the public key, as `openssl ecparam -genkey` does.
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    StringWriter text = new StringWriter();
    try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
      writer.writeObject(keys.getPrivate());
    }
    String traditional = text.toString();
    assertThat(traditional).startsWith("-----BEGIN EC PRIVATE KEY-----");

    assertThat(signsFor(Pem.privateKey(traditional), keys)).isTrue();
  }

  @Test
  void readsAnEcPrivateKeyInPkcs8Form() throws Exception {
    KeyPair keys = KeyPairs.ecP256();
    String pkcs8 = write(new JcaPKCS8Generator(keys.getPrivate(), null));
    assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----");

    PrivateKey read = Pem.privateKey(pkcs8);

    assertThat(signsFor(read, keys)).isTrue();
  }

  @Test
  void refusesAnEncryptedPrivateKey() throws Exception {
    var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
        .setPassword("secret".toCharArray()).build();
    String encrypted = write(new JcaPKCS8Generator(KeyPairs.ecP256().getPrivate(), encryptor));

    assertThatThrownBy(() -> Pem.privateKey(encrypted))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an unencrypted PEM private key");
  }

  @Test
  void refusesACertificateWhereAPrivateKeyIsExpected() {
    assertThatThrownBy(() -> Pem.privateKey(Pem.encode(pki.ca())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private key");
  }

  @Test
  void refusesTextWithoutACertificate() {
    assertThatThrownBy(() -> Pem.certificate("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pem.certificate("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificate");
  }

  private static boolean signsFor(PrivateKey key, KeyPair original) throws Exception {
    byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(original.getPublic());
    verifier.update(data);
    return verifier.verify(signer.sign());
  }

  private static String write(JcaPKCS8Generator generator) throws Exception {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(generator);
    }
    return text.toString();
  }
}
