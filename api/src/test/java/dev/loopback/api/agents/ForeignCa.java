package dev.loopback.api.agents;

import dev.loopback.protocol.tls.KeyPairs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority that is not ours, for forging host certificates in tests. */
final class ForeignCa {
  private ForeignCa() {
  }

  static X509Certificate issue(UUID hostId, KeyPair hostKeys) throws Exception {
    KeyPair forger = KeyPairs.ecP256();
    Instant now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Loopback agent channel CA, O=Loopback"), BigInteger.TEN,
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
        new X500Name("CN=" + hostId + ", O=Loopback"), hostKeys.getPublic());
    return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(forger.getPrivate())));
  }
}
