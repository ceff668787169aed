package dev.loopback.activities.agents.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority.IssuedCertificate;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.Outcome;
import dev.loopback.activities.tokens.AgentTokens;
import dev.loopback.activities.tokens.TokenRefusal;
import dev.loopback.activities.tokens.TokenValidation;
import dev.loopback.db.hosts.HostCertificateRepository;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.protocol.tls.SigningRequests;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * First join: token → host record → client certificate. {@link #prepare} does everything that needs
 * no lock (a malformed request never uses up a token); {@link #commit} counts the token's use,
 * creates the host and records the certificate in one transaction, so a use is counted exactly when
 * a host got its identity.
 */
@Service
public class Enrollment {
  private static final int MAX_NAME_LENGTH = 253;
  private final AgentTokens tokens;
  private final HostRepository hosts;
  private final HostCertificateRepository certificates;
  private final AgentCertificateAuthority ca;
  private final AuditLog audit;
  private final AgentChannelSettings settings;
  private final ObjectMapper json;
  private final Clock clock;

  public Enrollment(AgentTokens tokens, HostRepository hosts, HostCertificateRepository certificates,
      AgentCertificateAuthority ca, AuditLog audit, AgentChannelSettings settings, ObjectMapper json, Clock clock) {
    this.tokens = tokens;
    this.hosts = hosts;
    this.certificates = certificates;
    this.ca = ca;
    this.audit = audit;
    this.settings = settings;
    this.json = json;
    this.clock = clock;
  }

  /**
   * The work that needs no lock, done in parallel on many threads: protocol version, CSR, which host
   * the token is for, and the certificate itself. A refusal here never touches the token.
   */
  public Prepared prepare(AgentEnrollRequest request, Actor actor) {
    if (!ProtocolVersion.isAccepted(request.protocolVersion())) {
      return refuseBeforeRedeem(request, actor, RefusalCode.UNSUPPORTED_PROTOCOL, "protocol version " + request.protocolVersion()
          + " is not supported; this control plane accepts " + ProtocolVersion.acceptedRange());
    }
    PublicKey hostKey;
    try {
      hostKey = SigningRequests.verifiedPublicKey(request.csrPem());
    } catch (IllegalArgumentException e) {
      return refuseBeforeRedeem(request, actor, RefusalCode.BAD_CSR, e.getMessage());
    }
    String presented = request.token() == null ? "" : request.token();
    // The host id must be known to sign; the token's use is counted only at commit, so a token that
    // is unknown here is simply refused there with the right reason.
    UUID hostId = tokens.identify(presented).map(TokenValidation.Accepted::hostId).orElse(null);
    boolean claims = hostId != null;
    UUID id = claims ? hostId : UUID.randomUUID();
    return new Ready(request, presented, actor, id, claims, ca.issueClient(id, hostKey, settings.certificateLifetime()));
  }

  /**
   * Counts the token's use, creates or claims the host and records the certificate: the part that
   * takes the token's row lock and the organization's audit lock, so it is kept short and runs in
   * batches ({@link EnrollmentBatcher}). Joins the caller's transaction.
   */
  @Transactional
  public EnrollmentOutcome commit(Ready ready) {
    AgentEnrollRequest request = ready.request();
    TokenValidation validation = tokens.redeem(ready.presentedToken(), ready.actor());
    if (validation instanceof TokenValidation.Refused refused) {
      return new EnrollmentOutcome.Refused(codeOf(refused.reason()), "install token is " + refused.reason().name().toLowerCase(Locale.ROOT));
    }
    TokenValidation.Accepted token = (TokenValidation.Accepted) validation;
    if (!Objects.equals(token.hostId(), ready.claims() ? ready.hostId() : null)) {
      // The token changed between prepare and commit (cannot happen today: host_id is set at mint).
      return new EnrollmentOutcome.Refused(RefusalCode.UNAVAILABLE, "the token changed during enrollment; retry");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Actor actor = ready.actor();
    UUID hostId = ready.claims() ? claim(token, request, now) : create(ready.hostId(), token, request, now);
    if (hostId == null) {
      audit.append(actor, new AuditEntry(token.organizationId(), token.workspaceId(), "host.enroll", "host:" + token.hostId(),
          Outcome.REFUSED, "the host this token was minted for is already enrolled or revoked"));
      return new EnrollmentOutcome.Refused(RefusalCode.TOKEN_EXHAUSTED, "the host this token was minted for is already enrolled or revoked");
    }
    IssuedCertificate issued = ready.certificate();
    certificates.record(issued.serial(), hostId, issued.issuedAt(), issued.notAfter(), "enrollment");
    audit.append(actor, AuditEntry.success(token.organizationId(), token.workspaceId(), "host.enroll", "host:" + hostId,
        "token=" + token.tokenId() + " agentVersion=" + request.agentVersion() + " certificate=" + issued.serial()));
    return new EnrollmentOutcome.Enrolled(hostId, token.workspaceId(), issued.pem(), ca.certificatePem());
  }

  /** Either a refusal or an enrollment ready to commit. */
  public sealed interface Prepared {
  }

  public record Rejected(EnrollmentOutcome.Refused refusal) implements Prepared {
  }

  /** A signed certificate waiting for its token use to be counted; worthless until {@link #commit} records its serial. */
  public record Ready(AgentEnrollRequest request, String presentedToken, Actor actor, UUID hostId, boolean claims,
      IssuedCertificate certificate) implements Prepared {
  }

  private UUID create(UUID hostId, TokenValidation.Accepted token, AgentEnrollRequest request, Instant now) {
    // Joined with a workspace token and no bring-up waiting for it: managed as soon as it is enrolled.
    hosts.insertEnrolled(hostId, token.organizationId(), token.workspaceId(), nameOf(request.facts(), hostId), "MANAGED",
        token.tokenId(), request.protocolVersion(), request.agentVersion(), factsJson(request.facts()), now);
    return hostId;
  }

  private UUID claim(TokenValidation.Accepted token, AgentEnrollRequest request, Instant now) {
    int claimed = hosts.claim(token.hostId(), token.workspaceId(), token.tokenId(), request.protocolVersion(),
        request.agentVersion(), factsJson(request.facts()), now);
    return claimed == 1 ? token.hostId() : null;
  }

  private Rejected refuseBeforeRedeem(AgentEnrollRequest request, Actor actor, RefusalCode code, String reason) {
    // Audited where the token says whose it is; an unknown token has no organization to audit in (it is logged by the gateway).
    tokens.identify(request.token() == null ? "" : request.token()).ifPresent(owner -> audit.append(actor,
        new AuditEntry(owner.organizationId(), owner.workspaceId(), "host.enroll", "agent-token:" + owner.tokenId(),
            Outcome.REFUSED, code.name().toLowerCase(Locale.ROOT) + ": " + reason)));
    return new Rejected(new EnrollmentOutcome.Refused(code, reason));
  }

  private static RefusalCode codeOf(TokenRefusal refusal) {
    return switch (refusal) {
      case UNKNOWN -> RefusalCode.TOKEN_UNKNOWN;
      case EXPIRED -> RefusalCode.TOKEN_EXPIRED;
      case REVOKED -> RefusalCode.TOKEN_REVOKED;
      case EXHAUSTED -> RefusalCode.TOKEN_EXHAUSTED;
    };
  }

  private static String nameOf(HostFacts facts, UUID hostId) {
    String name = facts == null || facts.hostname() == null ? "" : facts.hostname().strip();
    if (name.isEmpty()) {
      return "host-" + hostId.toString().substring(0, 8);
    }
    return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
  }

  private String factsJson(HostFacts facts) {
    try {
      return facts == null ? null : json.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
