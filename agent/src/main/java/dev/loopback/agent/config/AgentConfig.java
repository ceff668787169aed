package dev.loopback.agent.config;

import dev.loopback.agent.channel.Backoff;
import dev.loopback.protocol.packages.PackageSignatures.TrustedKey;
import dev.loopback.protocol.tls.ServerTrust;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The agent's validated configuration, as {@link AgentConfigLoader} read it from the file and the
 * environment. {@code token}, {@code caSha256} and {@code caCertificate} may be null: they are only
 * needed until the host has an identity.
 *
 * @param meshInterface the name of the WireGuard interface the agent owns
 * @param meshPort the UDP port that interface listens on, announced to the control plane
 * @param trustedKeys the operator's package signing keys, pinned at install: packages signed by no
 *     other key are refused (none: every package is refused)
 * @param apiUrl the control plane's HTTP address, where module and update packages come from; null if unset
 */
public record AgentConfig(Endpoint endpoint, String token, String caSha256, X509Certificate caCertificate,
    Path stateDir, String logLevel, Backoff backoff, String meshInterface, int meshPort, List<TrustedKey> trustedKeys, URI apiUrl) {

  /** How to recognise the control plane on first join: the CA file when given, else the pinned fingerprint; null if neither. */
  public ServerTrust enrollmentTrust() {
    if (caCertificate != null) {
      return ServerTrust.ca(caCertificate);
    }
    return caSha256 != null ? ServerTrust.pinned(caSha256) : null;
  }

  @Override
  public String toString() {
    // The token is a bearer secret: a config printed in a log line must not carry it.
    return "AgentConfig[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "<redacted>")
        + ", caSha256=" + caSha256 + ", caFile=" + (caCertificate != null) + ", stateDir=" + stateDir
        + ", logLevel=" + logLevel + ", backoff=" + backoff + ", meshInterface=" + meshInterface + ", meshPort=" + meshPort
        + ", trustedKeys=" + trustedKeys.stream().map(TrustedKey::id).toList() + ", apiUrl=" + apiUrl + "]";
  }
}
