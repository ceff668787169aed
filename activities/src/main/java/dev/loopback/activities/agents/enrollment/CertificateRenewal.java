package dev.loopback.activities.agents.enrollment;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority.IssuedCertificate;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostCertificateRepository;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.tls.SigningRequests;
import java.security.PublicKey;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A new certificate for a host, asked for over its own session: the session is the proof of identity. */
@Service
public class CertificateRenewal {
  private final HostRepository hosts;
  private final HostCertificateRepository certificates;
  private final AgentCertificateAuthority ca;
  private final AuditLog audit;
  private final AgentChannelSettings settings;

  public CertificateRenewal(HostRepository hosts, HostCertificateRepository certificates, AgentCertificateAuthority ca,
      AuditLog audit, AgentChannelSettings settings) {
    this.hosts = hosts;
    this.certificates = certificates;
    this.ca = ca;
    this.audit = audit;
    this.settings = settings;
  }

  /** The new certificate's PEM; IllegalArgumentException for a bad CSR, IllegalStateException for a revoked host. */
  @Transactional
  public IssuedCertificate renew(UUID hostId, String csrPem, Actor actor) {
    PublicKey key = SigningRequests.verifiedPublicKey(csrPem);
    Host host = hosts.findById(hostId).filter(found -> !found.revoked())
        .orElseThrow(() -> new IllegalStateException("host " + hostId + " is revoked"));
    IssuedCertificate issued = ca.issueClient(hostId, key, settings.certificateLifetime());
    certificates.record(issued.serial(), hostId, issued.issuedAt(), issued.notAfter(), "renewal");
    audit.append(actor, AuditEntry.success(host.organizationId(), host.workspaceId(), "host.certificate.renew", "host:" + hostId,
        "certificate=" + issued.serial() + " notAfter=" + issued.notAfter()));
    return issued;
  }
}
