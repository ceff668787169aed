package dev.loopback.activities.downloads;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.db.catalog.CatalogRepository;
import dev.loopback.db.catalog.SigningKey;
import dev.loopback.db.tenancy.WorkspaceRepository;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** This replica's gateway and the fleet's CA. */
@Component
class ReplicaInstallTarget implements InstallTarget {

  private final WorkspaceRepository workspaces;
  private final AgentChannelSettings channel;
  private final AgentGateway gateway;
  private final AgentCertificateAuthority ca;
  private final CatalogRepository catalog;

  ReplicaInstallTarget(WorkspaceRepository workspaces, AgentChannelSettings channel, AgentGateway gateway,
      AgentCertificateAuthority ca, CatalogRepository catalog) {
    this.workspaces = workspaces;
    this.channel = channel;
    this.gateway = gateway;
    this.ca = ca;
    this.catalog = catalog;
  }

  @Override
  public boolean workspaceExists(UUID workspaceId) {
    return workspaces.existsById(workspaceId);
  }

  @Override
  public List<String> advertisedNames() {
    return channel.advertisedNames();
  }

  @Override
  public int gatewayPort() {
    return gateway.port();
  }

  @Override
  public String caSha256() {
    return ca.fingerprint();
  }

  @Override
  public String trustedKeys() {
    return catalog.signingKeys().stream().filter(SigningKey::active).map(key -> key.id() + ":" + key.publicKey())
        .collect(Collectors.joining(", "));
  }
}
