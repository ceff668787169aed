package dev.loopback.api.modules;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.catalog.ModuleAssignments;
import dev.loopback.activities.catalog.ModuleAssignments.ModuleView;
import dev.loopback.activities.catalog.ModulePushes;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The modules a workspace's hosts run: set with {@code deliveries:manage}, read with
 * {@code hosts:read}. A change is sent at once to the workspace's hosts connected to this replica,
 * and within seconds by every other replica to its own ({@code ModuleWatch}). Hosts report their
 * modules' states in their heartbeats.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/modules")
class WorkspaceModulesController {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceModulesController.class);
  private final ModuleAssignments modules;
  private final ModulePushes pushes;

  WorkspaceModulesController(ModuleAssignments modules, ModulePushes pushes) {
    this.modules = modules;
    this.pushes = pushes;
  }

  record ModuleList(List<ModuleView> modules) {}

  @Requires(Capability.HOSTS_READ)
  @GetMapping
  ModuleList list(@PathVariable UUID workspaceId) {
    return new ModuleList(modules.list(workspaceId));
  }

  @Requires(Capability.DELIVERIES_MANAGE)
  @PutMapping("/{name}")
  ModuleView set(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable String name,
      @RequestBody ModuleAssignments.SetModule request) {
    ModuleView view = modules.set(access.actor(), access.caller().organizationId(), workspaceId, name, request);
    pushSoon(workspaceId);
    return view;
  }

  @Requires(Capability.DELIVERIES_MANAGE)
  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable String name) {
    modules.remove(access.actor(), access.caller().organizationId(), workspaceId, name);
    pushSoon(workspaceId);
  }

  /** Off the request: a workspace may have thousands of hosts. */
  private void pushSoon(UUID workspaceId) {
    CompletableFuture.runAsync(() -> pushes.pushWorkspace(workspaceId)).exceptionally(failure -> {
      log.atWarn().addKeyValue("workspaceId", workspaceId).log("Could not send the workspace's modules to its hosts: {}", failure.getMessage());
      return null;
    });
  }
}
