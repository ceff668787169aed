package dev.loopback.activities.access;

import java.util.UUID;

/** What the first start created; {@code ownerKey} exists only in this object and the key file. */
public record BootstrapCredentials(UUID organizationId, UUID workspaceId, UUID userId, String ownerKey) {

  @Override
  public String toString() {
    return "BootstrapCredentials[organization=" + organizationId + ", workspace=" + workspaceId + "]";
  }
}
