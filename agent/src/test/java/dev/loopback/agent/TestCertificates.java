package dev.loopback.agent;

import dev.loopback.agent.identity.Identity;
import dev.loopback.protocol.tls.KeyPairs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA that issues client certificates for keys the tests hold, with the validity they ask for. */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(1);
  private final KeyPair caKeys = KeyPairs.ecP256();
  private final X509Certificate ca;

  public TestCertificates() {
    Instant now = Instant.now();
    ca = sign(new X500Name("CN=Test CA"), caKeys.getPublic(), now.minusSeconds(3600), now.plusSeconds(365L * 86400), true);
  }

  public X509Certificate ca() {
    return ca;
  }

  public X509Certificate issue(PublicKey key, Instant notBefore, Instant notAfter) {
    return sign(new X500Name("CN=host"), key, notBefore, notAfter, false);
  }

  /** A complete identity whose certificate is valid from {@code notBefore} to {@code notAfter}. */
  public Identity identity(String hostId, Instant notBefore, Instant notAfter) {
    KeyPair keys = KeyPairs.ecP256();
    return new Identity(hostId, keys.getPrivate(), issue(keys.getPublic(), notBefore, notAfter), ca);
  }

  /** A server certificate whose subject alternative name is the IP address {@code ip}, valid for a day. */
  public X509Certificate server(PublicKey key, String ip) {
    Instant now = Instant.now();
    try {
      var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.valueOf(SERIAL.getAndIncrement()),
          Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86400)), new X500Name("CN=gateway"), key);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, ip)));
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate sign(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter, boolean isCa) {
    try {
      var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.valueOf(SERIAL.getAndIncrement()),
          Date.from(notBefore), Date.from(notAfter), subject, key);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
