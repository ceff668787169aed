package dev.loopback.api.agents;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.api.access.AnyAuthenticated;
import dev.loopback.protocol.ProtocolVersion;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What an agent needs besides its token: where to dial and which CA to pin. Nothing here is secret. */
@RestController
class AgentChannelController {
  private final AgentChannelSettings settings;
  private final AgentGateway gateway;
  private final AgentCertificateAuthority ca;

  AgentChannelController(AgentChannelSettings settings, AgentGateway gateway, AgentCertificateAuthority ca) {
    this.settings = settings;
    this.gateway = gateway;
    this.ca = ca;
  }

  /**
   * @param endpoints {@code host:port} pairs this replica answers on (its certificate names them)
   * @param caSha256 the value for {@code LOOPBACK_AGENT_CA_SHA256}
   */
  record AgentChannelResponse(List<String> endpoints, int port, String caSha256, String caCertificatePem,
      String protocolVersions, String replicaId) {}

  @AnyAuthenticated
  @GetMapping("/api/v1/agent-channel")
  AgentChannelResponse describe() {
    int port = gateway.port();
    return new AgentChannelResponse(settings.advertisedNames().stream().map(name -> endpoint(name, port)).toList(), port,
        ca.fingerprint(), ca.certificatePem(), ProtocolVersion.acceptedRange(), settings.replicaId());
  }

  private static String endpoint(String name, int port) {
    return (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
  }
}
