package dev.loopback.activities.access;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An authenticated API caller: the user behind an API key, with its role bindings.
 *
 * @param organizationRole the organization-wide role, which also applies in every workspace
 * @param workspaceRoles roles bound in single workspaces
 */
public record Caller(
    UUID userId,
    String userName,
    UUID organizationId,
    String apiKeyLookup,
    Optional<Role> organizationRole,
    Map<UUID, Role> workspaceRoles) {

  /** The stronger of the organization-wide role and the workspace's own binding, if any. */
  public Optional<Role> roleIn(UUID workspaceId) {
    Optional<Role> bound = Optional.ofNullable(workspaceRoles.get(workspaceId));
    if (organizationRole.isEmpty()) {
      return bound;
    }
    if (bound.isEmpty()) {
      return organizationRole;
    }
    return Optional.of(bound.get().compareTo(organizationRole.get()) > 0 ? bound.get() : organizationRole.get());
  }

  public boolean canInOrganization(Capability capability) {
    return organizationRole.map(role -> role.grants(capability)).orElse(false);
  }

  /** How the caller appears in audit events: user and the key that was used. */
  public String auditName() {
    return "user:" + userName + " (" + userId + ", key " + apiKeyLookup + ")";
  }
}
