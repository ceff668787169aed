package dev.loopback.agent.channel;

import dev.loopback.agent.identity.Identity;
import dev.loopback.protocol.messages.CertificateRenewRequest;
import dev.loopback.protocol.messages.CertificateRenewResponse;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.SigningRequests;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate renewal of one session. Renewal is due two thirds into the certificate's validity;
 * the fresh key pair waits here until the control plane answers with its certificate. An answer
 * that fails, or none within the timeout, clears the attempt so that a later heartbeat asks again.
 */
final class CertificateRenewal {
  private static final Logger log = LoggerFactory.getLogger(CertificateRenewal.class);
  private final Duration timeout;
  private KeyPair keys;
  private long correlationId;
  private Instant sentAt;

  CertificateRenewal(Duration timeout) {
    this.timeout = timeout;
  }

  /** Whether to ask now: the certificate is past its renewal point and no request is waiting for its answer. */
  boolean due(Identity identity, Instant now) {
    if (keys != null) {
      if (Duration.between(sentAt, now).compareTo(timeout) < 0) {
        return false;
      }
      log.atWarn().addKeyValue("host", identity.hostId()).log("certificate renewal unanswered; asking again");
      keys = null;
    }
    return !now.isBefore(identity.renewalDue());
  }

  CertificateRenewRequest start(Identity identity, long correlationId, Instant now) {
    this.keys = KeyPairs.ecP256();
    this.correlationId = correlationId;
    this.sentAt = now;
    return new CertificateRenewRequest(SigningRequests.create(keys, identity.hostId()));
  }

  boolean answers(long correlationId) {
    return keys != null && this.correlationId == correlationId;
  }

  /** The renewed identity; throws {@link IllegalArgumentException} if the answer does not certify our fresh key. */
  Identity complete(Identity current, CertificateRenewResponse response) {
    KeyPair fresh = keys;
    keys = null;
    X509Certificate certificate = Pem.certificate(response.certificatePem());
    if (!Identity.certifies(certificate, fresh.getPublic())) {
      throw new IllegalArgumentException("the certificate is for another key");
    }
    X509Certificate ca = response.caCertificatePem() == null ? current.ca() : Pem.certificate(response.caCertificatePem());
    return new Identity(current.hostId(), fresh.getPrivate(), certificate, ca);
  }

  void failed() {
    keys = null;
  }
}
