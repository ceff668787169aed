package dev.loopback.api.hosts;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.hosts.HostFilter;
import dev.loopback.activities.hosts.HostInventory;
import dev.loopback.activities.hosts.HostPage;
import dev.loopback.activities.hosts.HostView;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The host inventory of a workspace: read with {@code hosts:read}, label with {@code hosts:manage}, revoke with {@code hosts:revoke}. */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/hosts")
class HostsController {

  private final HostInventory inventory;
  private final HostDetails details;

  HostsController(HostInventory inventory, HostDetails details) {
    this.inventory = inventory;
    this.details = details;
  }

  /** @param next pass as {@code after} for the following page; null on the last page */
  record HostListResponse(List<HostView> hosts, String next) {
    static HostListResponse of(HostPage page) {
      return new HostListResponse(page.hosts(), page.next());
    }
  }

  /** @param labels every label the host should have afterwards; {@code {}} removes all */
  record SetLabelsRequest(Map<String, String> labels) {}

  /**
   * Hosts in creation order. Criteria combine with AND.
   *
   * @param states {@code state=CONNECTED&state=MANAGED}: any of these states
   * @param version exact agent version
   * @param labels {@code label=region=eu-west&label=tier=web}: all of these labels
   * @param limit 1–1000, default 100
   * @param after the {@code next} of the previous page
   */
  @Requires(Capability.HOSTS_READ)
  @GetMapping
  HostListResponse list(@PathVariable UUID workspaceId,
      @RequestParam(name = "state", required = false) List<String> states,
      @RequestParam(required = false) String version,
      @RequestParam(name = "label", required = false) List<String> labels,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    return HostListResponse.of(inventory.list(workspaceId, HostFilter.parse(states, version, labels, limit, after)));
  }

  /** One host, with its machine and bring-up (which lists leave out). */
  @Requires(Capability.HOSTS_READ)
  @GetMapping("/{hostId}")
  HostView get(@PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    return details.of(inventory.get(workspaceId, hostId));
  }

  @Requires(Capability.HOSTS_MANAGE)
  @PutMapping("/{hostId}/labels")
  HostView setLabels(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID hostId,
      @RequestBody SetLabelsRequest request) {
    return inventory.setLabels(access.actor(), workspaceId, hostId, request.labels());
  }

  /** Revokes the host for good: its certificates are refused and its live channel is dropped. */
  @Requires(Capability.HOSTS_REVOKE)
  @PostMapping("/{hostId}/revocation")
  HostView revoke(RequestAccess access, @PathVariable UUID workspaceId, @PathVariable UUID hostId) {
    return inventory.revoke(access.actor(), workspaceId, hostId);
  }
}
