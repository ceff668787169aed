package dev.loopback.api.access;

import dev.loopback.activities.access.Capability;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The capability an endpoint needs. With a {@code {workspaceId}} in its path it is checked against
 * the caller's role in that workspace, otherwise against the caller's organization-wide role.
 * Every {@code /api} endpoint carries this or {@link AnyAuthenticated}; one without either is refused.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Requires {
  Capability value();
}
