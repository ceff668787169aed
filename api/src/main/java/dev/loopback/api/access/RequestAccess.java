package dev.loopback.api.access;

import dev.loopback.activities.access.Caller;
import dev.loopback.activities.access.Role;
import dev.loopback.activities.audit.Actor;

/**
 * The authenticated caller of this request, as controllers receive it.
 *
 * @param role the caller's role in the endpoint's scope (workspace or organization); null on
 *     {@link AnyAuthenticated} endpoints
 */
public record RequestAccess(Caller caller, Actor actor, Role role) {}
