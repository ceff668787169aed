package dev.loopback.activities.agents.identity;

import dev.loopback.protocol.tls.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds the three kinds of certificate the channel uses: the CA, a gateway's server certificate, a host's client certificate. */
final class CertificateFactory {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CertificateFactory() {
  }

  static X509Certificate selfSignedCa(KeyPair keys, Instant notBefore, Instant notAfter) {
    X500Name subject = new X500Name("CN=Loopback agent channel CA, O=Loopback");
    try {
      var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
      return sign(builder, keys.getPrivate());
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate server(X509Certificate ca, PrivateKey caKey, PublicKey key, String replicaId, List<String> names,
      Instant notBefore, Instant notAfter) {
    GeneralName[] alternatives = names.stream().map(CertificateFactory::generalName).toArray(GeneralName[]::new);
    return leaf(ca, caKey, key, "CN=" + replicaId + ", O=Loopback", notBefore, notAfter, KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(alternatives));
  }

  static X509Certificate client(X509Certificate ca, PrivateKey caKey, PublicKey key, String hostId, BigInteger serial,
      Instant notBefore, Instant notAfter) {
    return leaf(ca, caKey, key, "CN=" + hostId + ", O=Loopback", notBefore, notAfter, KeyPurposeId.id_kp_clientAuth,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:loopback:host:" + hostId)), serial);
  }

  static BigInteger serial() {
    // 127 random bits, positive: unguessable and unique without coordination between replicas.
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, PublicKey key, String subject,
      Instant notBefore, Instant notAfter, KeyPurposeId purpose, GeneralNames names) {
    return leaf(ca, caKey, key, subject, notBefore, notAfter, purpose, names, serial());
  }

  private static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, PublicKey key, String subject,
      Instant notBefore, Instant notAfter, KeyPurposeId purpose, GeneralNames names, BigInteger serial) {
    try {
      var builder = new JcaX509v3CertificateBuilder(ca, serial, Date.from(notBefore), Date.from(notAfter), new X500Name(subject), key);
      var utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(Extension.subjectAlternativeName, false, names);
      builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
      return sign(builder, caKey);
    } catch (CertIOException | java.security.NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    try {
      var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
      // Re-read through the JDK's own factory so TLS gets exactly what it would have parsed itself.
      return Pem.certificate(Pem.encode(new JcaX509CertificateConverter().getCertificate(holder)));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  private static GeneralName generalName(String name) {
    boolean ip = name.matches("[0-9.]+") || name.contains(":");
    return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
  }
}
