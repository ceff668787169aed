package dev.loopback.api.access;

import dev.loopback.activities.access.ApiKeys;
import dev.loopback.activities.access.Authentication;
import dev.loopback.activities.access.Caller;
import dev.loopback.activities.access.Capability;
import dev.loopback.activities.access.Directory;
import dev.loopback.activities.access.Role;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.audit.AuditEntry;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.Outcome;
import dev.loopback.api.web.ApiAccessException;
import dev.loopback.api.web.Problems;
import dev.loopback.api.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Authenticates the API key and enforces the endpoint's {@link Requires} before the controller runs.
 *
 * <p>A workspace the caller has no role in answers 404, exactly like one that does not exist, so
 * tenants cannot probe each other's ids. Having a role without the capability answers 403 and
 * writes an {@code access.denied} audit event.
 */
@Component
class AccessInterceptor implements HandlerInterceptor {

  static final String ATTRIBUTE = RequestAccess.class.getName();
  private static final String BEARER = "Bearer ";

  private final ApiKeys apiKeys;
  private final Directory directory;
  private final AuditLog audit;

  AccessInterceptor(ApiKeys apiKeys, Directory directory, AuditLog audit) {
    this.apiKeys = apiKeys;
    this.directory = directory;
    this.audit = audit;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    Requires requires = method.getMethodAnnotation(Requires.class);
    boolean anyAuthenticated = method.hasMethodAnnotation(AnyAuthenticated.class);
    if (requires == null && !anyAuthenticated) {
      throw new ApiAccessException(Problems.forbidden("this endpoint declares no access rule, so it is closed"));
    }
    Caller caller = authenticate(request);
    Actor actor = new Actor(caller.auditName(), RequestIdFilter.of(request));
    Role role = requires == null ? null : authorize(request, caller, actor, requires.value());
    request.setAttribute(ATTRIBUTE, new RequestAccess(caller, actor, role));
    return true;
  }

  private Caller authenticate(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ApiAccessException(Problems.unauthenticated("send an API key as 'Authorization: Bearer lbk_…'"));
    }
    Authentication result = apiKeys.authenticate(header.substring(BEARER.length()).strip());
    if (result instanceof Authentication.Rejected rejected) {
      throw new ApiAccessException(Problems.unauthenticated(rejected.reason()));
    }
    return ((Authentication.Authenticated) result).caller();
  }

  private Role authorize(HttpServletRequest request, Caller caller, Actor actor, Capability capability) {
    Optional<UUID> workspaceId = workspaceIdOf(request);
    Optional<Role> role = workspaceId.isPresent()
        ? directory.workspace(caller.organizationId(), workspaceId.get()).flatMap(w -> caller.roleIn(w.id()))
        : caller.organizationRole();
    if (workspaceId.isPresent() && role.isEmpty()) {
      throw new ApiAccessException(Problems.notFound("workspace " + workspaceId.get() + " not found"));
    }
    if (role.isEmpty() || !role.get().grants(capability)) {
      String why = "requires " + capability.wireName() + (workspaceId.isPresent() ? " in this workspace" : " organization-wide")
          + "; your role there is " + role.map(Role::wireName).orElse("none");
      audit.append(actor, new AuditEntry(caller.organizationId(), workspaceId.orElse(null), "access.denied",
          request.getMethod() + " " + request.getRequestURI(), Outcome.DENIED, why));
      throw new ApiAccessException(Problems.forbidden(why));
    }
    return role.get();
  }

  @SuppressWarnings("unchecked")
  private static Optional<UUID> workspaceIdOf(HttpServletRequest request) {
    var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String raw = variables == null ? null : variables.get("workspaceId");
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(raw));
    } catch (IllegalArgumentException e) {
      throw new ApiAccessException(Problems.invalidField("workspaceId", "workspaceId must be a UUID, got '" + raw + "'"));
    }
  }
}
