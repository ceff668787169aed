/**
 * Tenancy and access: organizations, workspaces, users, their API keys and role bindings.
 *
 * <p>{@link dev.loopback.activities.access.Role} is the one mapping from roles to capabilities.
 * {@link dev.loopback.activities.access.ApiKeys} turns a presented key into a
 * {@link dev.loopback.activities.access.Caller}; {@link dev.loopback.activities.access.Directory}
 * changes who belongs where. Rule: nobody grants a role stronger than their own, and an
 * organization always keeps at least one organization-wide owner.
 */
package dev.loopback.activities.access;
