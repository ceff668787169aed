package dev.loopback.agent.identity;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Who this host is to the control plane: its host id, the private key made on this host (it never
 * leaves it), the client certificate the control plane issued for that key, and the CA that signs
 * the gateway's certificate and ours.
 */
public record Identity(String hostId, PrivateKey privateKey, X509Certificate certificate, X509Certificate ca) {
  public Identity {
    if (hostId == null || hostId.isBlank() || privateKey == null || certificate == null || ca == null) {
      throw new IllegalArgumentException("an identity needs a host id, a private key, a certificate and a CA");
    }
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /** Two thirds into the certificate's validity: late enough not to churn, early enough to survive a long outage. */
  public Instant renewalDue() {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Duration validity = Duration.between(notBefore, notAfter());
    return notBefore.plus(validity.multipliedBy(2).dividedBy(3));
  }

  public boolean expiredAt(Instant now) {
    return now.isAfter(notAfter());
  }

  /** Whether {@code certificate} carries the public half of a key pair; compares encodings, which are canonical. */
  public static boolean certifies(X509Certificate certificate, java.security.PublicKey publicKey) {
    return Arrays.equals(certificate.getPublicKey().getEncoded(), publicKey.getEncoded());
  }

  @Override
  public String toString() {
    // Never print the private key.
    return "Identity[hostId=" + hostId + ", notAfter=" + notAfter() + "]";
  }
}
