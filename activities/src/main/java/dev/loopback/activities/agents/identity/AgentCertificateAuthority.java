package dev.loopback.activities.agents.identity;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.db.hosts.CertificateAuthorityRepository;
import dev.loopback.db.hosts.CertificateAuthorityRepository.StoredCa;
import dev.loopback.protocol.tls.FastEcdsa;
import dev.loopback.protocol.tls.Fingerprints;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The agent channel's certificate authority, shared by every replica through the database.
 *
 * <p>It signs host client certificates (the host's identity: subject CN is the host id) and each
 * replica's gateway server certificate. The first replica to start creates it; the private key is
 * stored encrypted ({@link CaKeyProtection}) and lives decrypted only in memory.
 */
@Component
public class AgentCertificateAuthority {
  private static final Logger log = LoggerFactory.getLogger(AgentCertificateAuthority.class);
  private static final String NAME = "agent-channel";
  /** Certificates start a little in the past so that a host whose clock lags still accepts them. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Clock clock;
  private final X509Certificate certificate;
  private final PrivateKey key;

  public AgentCertificateAuthority(CertificateAuthorityRepository store, AgentChannelSettings settings, Clock clock) {
    this.clock = clock;
    // Every handshake of the agent channel signs and verifies ECDSA; see FastEcdsa for the numbers.
    FastEcdsa.install();
    CaKeyProtection protection = CaKeyProtection.from(settings.caPassphrase(), settings.caPassphraseFile());
    StoredCa stored = store.find(NAME).orElseGet(() -> create(store, protection, clock.instant()));
    this.certificate = Pem.certificate(stored.certificatePem());
    this.key = protection.decrypt(stored.encryptedKeyPem());
    log.info("Agent channel CA sha256={}", fingerprint());
  }

  private static StoredCa create(CertificateAuthorityRepository store, CaKeyProtection protection, Instant now) {
    KeyPair keys = KeyPairs.ecP256();
    X509Certificate ca = CertificateFactory.selfSignedCa(keys, now.minus(CLOCK_SKEW), now.plus(Duration.ofDays(3650)));
    StoredCa fresh = new StoredCa(Pem.encode(ca), protection.encrypt(keys.getPrivate()));
    if (store.insertIfAbsent(NAME, fresh, now)) {
      log.info("Created the agent channel CA");
      return fresh;
    }
    return store.find(NAME).orElseThrow();
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** What an install command pins: agents trust a gateway only if its chain ends in this CA. */
  public String fingerprint() {
    return Fingerprints.sha256(certificate);
  }

  public IssuedCertificate issueClient(UUID hostId, PublicKey hostKey, Duration lifetime) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    BigInteger serial = CertificateFactory.serial();
    X509Certificate issued = CertificateFactory.client(certificate, key, hostKey, hostId.toString(), serial,
        now.minus(CLOCK_SKEW), now.plus(lifetime));
    return new IssuedCertificate(issued, serial.toString(16), now, now.plus(lifetime));
  }

  /** A fresh server certificate and key for this replica's gateway, valid for a year. */
  public ServerIdentity issueServer(String replicaId, List<String> names) {
    Instant now = clock.instant();
    KeyPair keys = KeyPairs.ecP256();
    X509Certificate server = CertificateFactory.server(certificate, key, keys.getPublic(), replicaId, names,
        now.minus(CLOCK_SKEW), now.plus(Duration.ofDays(365)));
    return new ServerIdentity(keys.getPrivate(), server, certificate);
  }

  public record IssuedCertificate(X509Certificate certificate, String serial, Instant issuedAt, Instant notAfter) {
    public String pem() {
      return Pem.encode(certificate);
    }
  }

  public record ServerIdentity(PrivateKey key, X509Certificate certificate, X509Certificate ca) {
  }
}
