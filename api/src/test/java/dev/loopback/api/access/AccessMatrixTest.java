package dev.loopback.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API endpoint × every role, through the real interceptor and a real database. The two
 * tables below are written out by hand on purpose: changing what an endpoint needs, or what a
 * role may do, must be a visible change to this test too.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

  private static final List<String> ROLES = List.of("viewer", "operator", "admin", "owner");

  /** Who holds each capability (DESIGN.md §2 and the issue): independent of Role.java. */
  private static final Map<String, Set<String>> HOLDERS = Map.ofEntries(
      Map.entry("hosts:read", Set.of("viewer", "operator", "admin", "owner")),
      Map.entry("hosts:manage", Set.of("operator", "admin", "owner")),
      Map.entry("hosts:revoke", Set.of("admin", "owner")),
      Map.entry("power:act", Set.of("operator", "admin", "owner")),
      Map.entry("networks:manage", Set.of("admin", "owner")),
      Map.entry("tokens:mint", Set.of("operator", "admin", "owner")),
      Map.entry("tokens:list", Set.of("operator", "admin", "owner")),
      Map.entry("tokens:revoke", Set.of("operator", "admin", "owner")),
      Map.entry("audit:read", Set.of("admin", "owner")),
      Map.entry("members:manage", Set.of("admin", "owner")),
      Map.entry("workspaces:create", Set.of("admin", "owner")),
      Map.entry("catalog:publish", Set.of("admin", "owner")),
      Map.entry("deliveries:manage", Set.of("operator", "admin", "owner")),
      Map.entry("any", Set.of("viewer", "operator", "admin", "owner")));

  /** Every endpoint and what it requires ("any" = any valid key). */
  private static final Map<String, String> ENDPOINTS = new TreeMap<>(Map.ofEntries(
      Map.entry("GET /api/v1/me", "any"),
      Map.entry("GET /api/v1/workspaces", "any"),
      Map.entry("POST /api/v1/workspaces", "workspaces:create"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}", "hosts:read"),
      Map.entry("GET /api/v1/users", "members:manage"),
      Map.entry("POST /api/v1/users", "members:manage"),
      Map.entry("GET /api/v1/users/{userId}/api-keys", "members:manage"),
      Map.entry("POST /api/v1/users/{userId}/api-keys", "members:manage"),
      Map.entry("POST /api/v1/users/{userId}/api-keys/{keyId}/revoke", "members:manage"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/members", "members:manage"),
      Map.entry("PUT /api/v1/workspaces/{workspaceId}/members/{userId}", "members:manage"),
      Map.entry("DELETE /api/v1/workspaces/{workspaceId}/members/{userId}", "members:manage"),
      Map.entry("GET /api/v1/organization/members", "members:manage"),
      Map.entry("PUT /api/v1/organization/members/{userId}", "members:manage"),
      Map.entry("DELETE /api/v1/organization/members/{userId}", "members:manage"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/agent-tokens", "tokens:mint"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/agent-tokens", "tokens:list"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/agent-tokens/{tokenId}", "tokens:list"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/agent-tokens/{tokenId}/revoke", "tokens:revoke"),
      Map.entry("GET /api/v1/audit-events", "audit:read"),
      Map.entry("GET /api/v1/audit-events/verification", "audit:read"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/audit-events", "audit:read"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/hosts", "hosts:read"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/hosts/{hostId}", "hosts:read"),
      Map.entry("PUT /api/v1/workspaces/{workspaceId}/hosts/{hostId}/labels", "hosts:manage"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/hosts/{hostId}/revocation", "hosts:revoke"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/hosts/{hostId}/ping", "hosts:manage"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/hosts/{hostId}/agent-update", "deliveries:manage"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/hosts/{hostId}/agent-update", "hosts:read"),
      Map.entry("GET /api/v1/agent-channel", "any"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/hosts", "hosts:manage"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/hosts/{hostId}/bring-up", "hosts:read"),
      Map.entry("DELETE /api/v1/workspaces/{workspaceId}/hosts/{hostId}/bring-up", "hosts:manage"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/hosts/{hostId}/power", "power:act"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/hosts/{hostId}/power", "hosts:read"),
      Map.entry("DELETE /api/v1/workspaces/{workspaceId}/hosts/{hostId}/machine", "hosts:revoke"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/networks", "networks:manage"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/networks", "hosts:read"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/networks/{networkId}", "hosts:read"),
      Map.entry("PUT /api/v1/workspaces/{workspaceId}/networks/{networkId}/members/{hostId}", "networks:manage"),
      Map.entry("DELETE /api/v1/workspaces/{workspaceId}/networks/{networkId}/members/{hostId}", "networks:manage"),
      Map.entry("DELETE /api/v1/workspaces/{workspaceId}/networks/{networkId}", "networks:manage"),
      Map.entry("DELETE /api/v1/workspaces/{workspaceId}/networks/{networkId}/bridges/{otherNetworkId}", "networks:manage"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/hosts/{hostId}/mesh", "hosts:read"),
      Map.entry("POST /api/v1/workspaces/{workspaceId}/hosts/{hostId}/mesh/reapply", "networks:manage"),
      Map.entry("PUT /api/v1/workspaces/{workspaceId}/hosts/{hostId}/mesh/endpoint", "networks:manage"),
      Map.entry("PUT /api/v1/workspaces/{workspaceId}/networks/{networkId}/bridges/{otherNetworkId}", "networks:manage"),
      Map.entry("GET /api/v1/catalog/channels", "any"),
      Map.entry("POST /api/v1/catalog/channels", "catalog:publish"),
      Map.entry("GET /api/v1/catalog/signing-keys", "any"),
      Map.entry("POST /api/v1/catalog/signing-keys", "catalog:publish"),
      Map.entry("DELETE /api/v1/catalog/signing-keys/{id}", "catalog:publish"),
      Map.entry("GET /api/v1/catalog/releases", "any"),
      Map.entry("POST /api/v1/catalog/releases", "catalog:publish"),
      Map.entry("GET /api/v1/catalog/releases/{component}/{version}", "any"),
      Map.entry("PUT /api/v1/catalog/releases/{component}/{version}/packages/{arch}/{format}", "catalog:publish"),
      Map.entry("POST /api/v1/catalog/releases/{component}/{version}/packages/{arch}/{format}", "catalog:publish"),
      Map.entry("POST /api/v1/catalog/releases/{component}/{version}/publish", "catalog:publish"),
      Map.entry("GET /api/v1/workspaces/{workspaceId}/modules", "hosts:read"),
      Map.entry("PUT /api/v1/workspaces/{workspaceId}/modules/{name}", "deliveries:manage"),
      Map.entry("DELETE /api/v1/workspaces/{workspaceId}/modules/{name}", "deliveries:manage")));

  @Autowired Fleet fleet;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private UUID workspace;
  private UUID otherWorkspace;
  private final Map<String, String> workspaceKeys = new HashMap<>();
  private final Map<String, String> organizationKeys = new HashMap<>();
  private String keyOfAnotherWorkspacesOwner;

  @BeforeAll
  void createOneUserPerRoleAndScope() throws Exception {
    workspace = fleet.createWorkspace("matrix-" + UUID.randomUUID().toString().substring(0, 8));
    otherWorkspace = fleet.createWorkspace("matrix-other-" + UUID.randomUUID().toString().substring(0, 8));
    for (String role : ROLES) {
      workspaceKeys.put(role, fleet.keyWithRole(workspace, role));
      organizationKeys.put(role, fleet.keyWithRole(null, role));
    }
    keyOfAnotherWorkspacesOwner = fleet.keyWithRole(otherWorkspace, "owner");
  }

  @Test
  void everyEndpointDeclaresTheCapabilityTheTableSays() {
    assertThat(discoveredEndpoints()).isEqualTo(ENDPOINTS);
  }

  @Test
  void everyRoleIsAllowedOrDeniedExactlyAsTheMappingSays() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (var endpoint : ENDPOINTS.entrySet()) {
      boolean workspaceScoped = endpoint.getKey().contains("{workspaceId}");
      for (String role : ROLES) {
        String key = (workspaceScoped || endpoint.getValue().equals("any") ? workspaceKeys : organizationKeys).get(role);
        int status = status(endpoint.getKey(), key, workspace);
        boolean allowed = HOLDERS.get(endpoint.getValue()).contains(role);
        boolean asExpected = allowed ? status != 401 && status != 403 && status < 500 : status == 403;
        if (!asExpected) {
          wrong.add(endpoint.getKey() + " as " + role + " → " + status + " (expected " + (allowed ? "allowed" : "403") + ")");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void withoutAKeyEveryEndpointAnswers401() throws Exception {
    for (String endpoint : ENDPOINTS.keySet()) {
      assertThat(status(endpoint, null, workspace)).as(endpoint).isEqualTo(401);
    }
  }

  @Test
  void anotherWorkspacesOwnerGets404NotForbiddenSoTheWorkspaceStaysHidden() throws Exception {
    for (String endpoint : ENDPOINTS.keySet()) {
      if (endpoint.contains("{workspaceId}")) {
        assertThat(status(endpoint, keyOfAnotherWorkspacesOwner, workspace)).as(endpoint).isEqualTo(404);
        assertThat(status(endpoint, keyOfAnotherWorkspacesOwner, UUID.randomUUID())).as(endpoint).isEqualTo(404);
      }
    }
  }

  @Test
  void workspaceListShowsOnlyWorkspacesTheCallerHasARoleIn() throws Exception {
    var listed = fleet.get(workspaceKeys.get("viewer"), "/api/v1/workspaces");
    assertThat(listed.findValuesAsText("id")).containsExactly(workspace.toString());
  }

  private int status(String endpoint, String key, UUID workspaceId) throws Exception {
    String[] parts = endpoint.split(" ", 2);
    String path = parts[1].replace("{workspaceId}", workspaceId.toString())
        .replaceAll("\\{[A-Za-z]+}", UUID.randomUUID().toString());
    String body = parts[0].equals("POST") || parts[0].equals("PUT") ? "{}" : null;
    return fleet.send(key, request(HttpMethod.valueOf(parts[0]), path), body).getResponse().getStatus();
  }

  private Map<String, String> discoveredEndpoints() {
    Map<String, String> found = new TreeMap<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
      for (String pattern : entry.getKey().getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        HandlerMethod method = entry.getValue();
        Requires requires = method.getMethodAnnotation(Requires.class);
        String needs = requires != null ? requires.value().wireName() : method.hasMethodAnnotation(AnyAuthenticated.class) ? "any" : "NONE";
        for (var verb : entry.getKey().getMethodsCondition().getMethods()) {
          found.put(verb.name() + " " + pattern, needs);
        }
      }
    }
    return found;
  }
}
