package dev.loopback.protocol.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA on EC P-256 and the certificates it signs, shaped like the real ones: a gateway
 * leaf with DNS SANs for server auth, an agent leaf for client auth. Validity spans an hour either
 * side of now because the JDK checks it against the wall clock during a handshake.
 */
final class TestPki {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KeyPair caKeys = KeyPairs.ecP256();
  private final X509Certificate ca;

  TestPki(String name) {
    X500Name subject = new X500Name("CN=" + name);
    ca = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject, caKeys.getPublic()),
        caKeys.getPublic(), true);
  }

  X509Certificate ca() {
    return ca;
  }

  /** A gateway leaf for server auth on the given DNS names. */
  Issued gateway(String... dnsNames) {
    GeneralName[] names = Arrays.stream(dnsNames).map(name -> new GeneralName(GeneralName.dNSName, name))
        .toArray(GeneralName[]::new);
    return issue("gateway", KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
  }

  /** An enrolled agent's leaf for client auth. */
  Issued agent(String hostId) {
    return issue(hostId, KeyPurposeId.id_kp_clientAuth, null);
  }

  private Issued issue(String commonName, KeyPurposeId purpose, GeneralNames names) {
    KeyPair keys = KeyPairs.ecP256();
    var builder = new JcaX509v3CertificateBuilder(ca, serial(), notBefore(), notAfter(), new X500Name("CN=" + commonName),
        keys.getPublic());
    try {
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (names != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, names);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Issued(keys, sign(builder, keys.getPublic(), false));
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PublicKey subjectKey, boolean isCa) {
    try {
      var extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caKeys.getPublic()));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(Duration.ofHours(1)));
  }

  record Issued(KeyPair keys, X509Certificate certificate) {
  }
}
