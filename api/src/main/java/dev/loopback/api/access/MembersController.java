package dev.loopback.api.access;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.access.Directory;
import dev.loopback.activities.access.MemberView;
import dev.loopback.activities.access.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Role bindings: per workspace, or organization-wide under {@code /organization/members}. */
@RestController
class MembersController {

  private final Directory directory;

  MembersController(Directory directory) {
    this.directory = directory;
  }

  record BindRoleRequest(@NotNull(message = "role is required: viewer, operator, admin or owner") Role role) {}

  @Requires(Capability.MEMBERS_MANAGE)
  @GetMapping("/api/v1/workspaces/{workspaceId}/members")
  List<MemberView> workspaceMembers(RequestAccess access, @PathVariable UUID workspaceId) {
    return directory.members(access.caller().organizationId(), workspaceId);
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @PutMapping("/api/v1/workspaces/{workspaceId}/members/{userId}")
  MemberView bindInWorkspace(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID userId,
      @Valid @RequestBody BindRoleRequest request) {
    return directory.bind(access.caller().organizationId(), workspaceId, userId, request.role(), access.role(), access.actor());
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @DeleteMapping("/api/v1/workspaces/{workspaceId}/members/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void unbindInWorkspace(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID userId) {
    directory.unbind(access.caller().organizationId(), workspaceId, userId, access.role(), access.actor());
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @GetMapping("/api/v1/organization/members")
  List<MemberView> organizationMembers(RequestAccess access) {
    return directory.members(access.caller().organizationId(), null);
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @PutMapping("/api/v1/organization/members/{userId}")
  MemberView bindInOrganization(RequestAccess access, @PathVariable UUID userId, @Valid @RequestBody BindRoleRequest request) {
    return directory.bind(access.caller().organizationId(), null, userId, request.role(), access.role(), access.actor());
  }

  @Requires(Capability.MEMBERS_MANAGE)
  @DeleteMapping("/api/v1/organization/members/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void unbindInOrganization(RequestAccess access, @PathVariable UUID userId) {
    directory.unbind(access.caller().organizationId(), null, userId, access.role(), access.actor());
  }
}
