package dev.loopback.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningRequestsTest {

  @Test
  void returnsThePublicKeyOfTheKeyPairThatSignedTheRequest() {
    KeyPair keys = KeyPairs.ecP256();

    String csr = SigningRequests.create(keys, "host-1");

    assertThat(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(SigningRequests.verifiedPublicKey(csr).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
  }

  @Test
  void refusesARequestWhoseSignatureWasTamperedWith() throws Exception {
    CertificationRequest request = parse(SigningRequests.create(KeyPairs.ecP256(), "host-1"));
    byte[] signature = request.getSignature().getOctets();
    signature[signature.length - 1] ^= 0x01;
    var tampered = new CertificationRequest(request.getCertificationRequestInfo(), request.getSignatureAlgorithm(),
        new DERBitString(signature));

    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey(Pem.encode(new PKCS10CertificationRequest(tampered))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("csr signature does not match its public key");
  }

  @Test
  void refusesARequestForAKeyItsSenderDoesNotHold() throws Exception {
    // Proof of possession: someone else's public key with the sender's own signature.
    CertificationRequest request = parse(SigningRequests.create(KeyPairs.ecP256(), "host-1"));
    var victimsKey = SubjectPublicKeyInfo.getInstance(KeyPairs.ecP256().getPublic().getEncoded());
    var info = request.getCertificationRequestInfo();
    var swapped = new CertificationRequest(new CertificationRequestInfo(info.getSubject(), victimsKey, info.getAttributes()),
        request.getSignatureAlgorithm(), request.getSignature());

    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey(Pem.encode(new PKCS10CertificationRequest(swapped))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("csr signature does not match its public key");
  }

  @Test
  void refusesARequestForAnRsaKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair rsa = generator.generateKeyPair();
    var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=host-1"), rsa.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate()));

    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey(Pem.encode(request)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("csr key must be EC P-256, not RSA");
  }

  @Test
  void refusesARequestForAnEcKeyOnAnotherCurve() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = generator.generateKeyPair();
    var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=host-1"), p384.getPublic())
        .build(new JcaContentSignerBuilder("SHA384withECDSA").build(p384.getPrivate()));

    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey(Pem.encode(request)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\n\t"})
  void refusesAMissingRequest(String pem) {
    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey(pem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("csr is missing");
  }

  @Test
  void refusesTextThatIsNotPem() {
    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey("please sign me"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("csr is not a PEM certificate request");
  }

  @Test
  void refusesACertificateInPlaceOfARequest() {
    String certificate = Pem.encode(new TestPki("Loopback test CA").ca());

    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey(certificate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("csr is not a PEM certificate request");
  }

  @Test
  void refusesARequestWhoseBodyIsGarbage() {
    String garbage = "-----BEGIN CERTIFICATE REQUEST-----\nZ2FyYmFnZSBpbiBhIHJlcXVlc3Q=\n-----END CERTIFICATE REQUEST-----\n";

    assertThatThrownBy(() -> SigningRequests.verifiedPublicKey(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("csr is not readable");
  }

  private static CertificationRequest parse(String pem) throws Exception {
    try (var parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
      return ((PKCS10CertificationRequest) parser.readObject()).toASN1Structure();
    }
  }
}
