package dev.loopback.activities.audit;

import java.util.UUID;

/**
 * What happened, before the log adds who, when and the chain hashes.
 *
 * @param workspaceId null for organization-level actions
 * @param action dotted verb, e.g. {@code token.mint}
 * @param target what it was done to, e.g. {@code agent-token:<id>}
 * @param detail short free text; never a secret
 */
public record AuditEntry(
    UUID organizationId, UUID workspaceId, String action, String target, Outcome outcome, String detail) {

  public static AuditEntry success(UUID organizationId, UUID workspaceId, String action, String target, String detail) {
    return new AuditEntry(organizationId, workspaceId, action, target, Outcome.SUCCESS, detail);
  }
}
