package dev.loopback.api.access;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.access.Directory;
import dev.loopback.activities.errors.NotFoundException;
import dev.loopback.db.tenancy.Workspace;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WorkspacesController {

  private final Directory directory;

  WorkspacesController(Directory directory) {
    this.directory = directory;
  }

  record CreateWorkspaceRequest(@NotNull(message = "name is required") String name, Integer tokenRotationDays) {}

  record WorkspaceResponse(UUID id, UUID organizationId, String name, int tokenRotationDays, Instant createdAt) {
    static WorkspaceResponse of(Workspace w) {
      return new WorkspaceResponse(w.id(), w.organizationId(), w.name(), w.tokenRotationDays(), w.createdAt());
    }
  }

  /** The workspaces the caller has a role in (all of them with an organization-wide role). */
  @AnyAuthenticated
  @GetMapping("/api/v1/workspaces")
  List<WorkspaceResponse> list(RequestAccess access) {
    return directory.workspaces(access.caller().organizationId()).stream()
        .filter(w -> access.caller().roleIn(w.id()).isPresent())
        .map(WorkspaceResponse::of)
        .toList();
  }

  @Requires(Capability.WORKSPACES_CREATE)
  @PostMapping("/api/v1/workspaces")
  @ResponseStatus(HttpStatus.CREATED)
  WorkspaceResponse create(RequestAccess access, @Valid @RequestBody CreateWorkspaceRequest request) {
    return WorkspaceResponse.of(directory.createWorkspace(
        access.caller().organizationId(), request.name(), request.tokenRotationDays(), access.actor()));
  }

  @Requires(Capability.HOSTS_READ)
  @GetMapping("/api/v1/workspaces/{workspaceId}")
  WorkspaceResponse get(RequestAccess access, @PathVariable UUID workspaceId) {
    return directory.workspace(access.caller().organizationId(), workspaceId)
        .map(WorkspaceResponse::of)
        .orElseThrow(() -> new NotFoundException("workspace " + workspaceId));
  }
}
