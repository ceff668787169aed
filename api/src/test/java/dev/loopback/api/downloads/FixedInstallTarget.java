package dev.loopback.api.downloads;

import dev.loopback.activities.downloads.InstallTarget;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** An install target with fixed facts, for tests that are about the routes rather than the gateway. */
record FixedInstallTarget(Set<UUID> workspaces, List<String> advertisedNames, int gatewayPort, String caSha256, String trustedKeys)
    implements InstallTarget {

  @Override
  public boolean workspaceExists(UUID workspaceId) {
    return workspaces.contains(workspaceId);
  }
}
