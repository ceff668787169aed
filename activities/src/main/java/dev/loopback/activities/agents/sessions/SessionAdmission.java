package dev.loopback.activities.agents.sessions;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.Outcome;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostCertificateRepository;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.RefusalCode;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides whether a hello on a mutual-TLS channel opens a session. TLS already proved the
 * certificate is ours and unexpired; this adds what only the database knows: the certificate was
 * issued to that host and the host is not revoked. So a revoked host is refused at its next
 * handshake, on every replica, without certificate revocation lists.
 */
@Service
public class SessionAdmission {
  private final HostCertificateRepository certificates;
  private final HostRepository hosts;
  private final AgentSessions sessions;
  private final AuditLog audit;
  private final Clock clock;

  public SessionAdmission(HostCertificateRepository certificates, HostRepository hosts, AgentSessions sessions,
      AuditLog audit, Clock clock) {
    this.certificates = certificates;
    this.hosts = hosts;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
  }

  /** Admitted (the session is registered) or refused with the reason. */
  @Transactional
  public Decision admit(PeerIdentity peer, AgentHelloRequest hello, LiveSession session, String remoteAddress,
      Actor actor) {
    Optional<Host> host = hosts.findById(peer.hostId());
    if (!ProtocolVersion.isAccepted(hello.protocolVersion())) {
      return refuse(host, actor, RefusalCode.UNSUPPORTED_PROTOCOL, "protocol version " + hello.protocolVersion()
          + " is not supported; this control plane accepts " + ProtocolVersion.acceptedRange());
    }
    if (host.isEmpty() || !certificates.isValidFor(peer.serial(), peer.hostId())) {
      return refuse(host, actor, RefusalCode.HOST_REVOKED,
          "host " + peer.hostId() + " is revoked or unknown, or this certificate was not issued to it: enroll again with a new token");
    }
    sessions.open(session, remoteAddress);
    hosts.recordHello(peer.hostId(), hello.protocolVersion(), hello.agentVersion(), clock.instant());
    return new Admitted("PENDING".equals(host.get().lifecycle()), "UPDATING".equals(host.get().lifecycle()));
  }

  private Refused refuse(Optional<Host> host, Actor actor, RefusalCode code, String reason) {
    host.ifPresent(known -> audit.append(actor, new AuditEntry(known.organizationId(), known.workspaceId(), "host.session",
        "host:" + known.id(), Outcome.REFUSED, code.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason)));
    return new Refused(code, reason);
  }

  public sealed interface Decision {
  }

  /**
   * @param awaitedByBringUp the host is still being brought up: its bring-up workflow waits for this check-in
   * @param awaitedByUpdate the host's agent is being updated: the update workflow waits to see which version checks in
   */
  public record Admitted(boolean awaitedByBringUp, boolean awaitedByUpdate) implements Decision {
  }

  public record Refused(RefusalCode code, String reason) implements Decision {
  }

  /** Who the client certificate says the peer is. */
  public record PeerIdentity(UUID hostId, String serial) {
    /** A certificate our CA signed but that names no host (e.g. a gateway's) identifies nobody: the nil id, never admitted. */
    public static PeerIdentity of(X509Certificate leaf) {
      String serial = leaf.getSerialNumber().toString(16);
      try {
        for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            return new PeerIdentity(UUID.fromString(rdn.getValue().toString()), serial);
          }
        }
      } catch (InvalidNameException | IllegalArgumentException e) {
        // falls through to "nobody"
      }
      return new PeerIdentity(new UUID(0, 0), serial);
    }
  }
}
