package dev.loopback.api.access;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.access.Directory;
import dev.loopback.activities.access.Role;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeController {

  private final Directory directory;

  MeController(Directory directory) {
    this.directory = directory;
  }

  record WorkspaceAccess(UUID id, String name, Role role, Set<Capability> capabilities) {}

  record MeResponse(UUID userId, String userName, UUID organizationId, Role organizationRole, List<WorkspaceAccess> workspaces) {}

  /** Who the key belongs to and what it may do where. */
  @AnyAuthenticated
  @GetMapping("/api/v1/me")
  MeResponse me(RequestAccess access) {
    var caller = access.caller();
    List<WorkspaceAccess> workspaces = directory.workspaces(caller.organizationId()).stream()
        .flatMap(w -> caller.roleIn(w.id()).map(role -> new WorkspaceAccess(w.id(), w.name(), role, role.capabilities())).stream())
        .toList();
    return new MeResponse(caller.userId(), caller.userName(), caller.organizationId(),
        caller.organizationRole().orElse(null), workspaces);
  }
}
