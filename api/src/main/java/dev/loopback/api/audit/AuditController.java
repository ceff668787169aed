package dev.loopback.api.audit;

import dev.loopback.activities.access.Capability;
import dev.loopback.activities.audit.AuditLog;
import dev.loopback.activities.audit.ChainVerification;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.api.access.RequestAccess;
import dev.loopback.api.access.Requires;
import dev.loopback.db.audit.AuditEvent;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading the audit log, newest first, paged with {@code before} (a {@code seq}); and verifying the
 * organization's hash chain.
 */
@RestController
class AuditController {

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @Requires(Capability.AUDIT_READ)
  @GetMapping("/api/v1/audit-events")
  List<AuditEvent> organizationEvents(RequestAccess access,
      @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
    return audit.list(access.caller().organizationId(), null, cursor(before), checkedLimit(limit));
  }

  @Requires(Capability.AUDIT_READ)
  @GetMapping("/api/v1/workspaces/{workspaceId}/audit-events")
  List<AuditEvent> workspaceEvents(RequestAccess access, @PathVariable UUID workspaceId,
      @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
    return audit.list(access.caller().organizationId(), workspaceId, cursor(before), checkedLimit(limit));
  }

  /** Walks the whole chain; reports the first event whose contents or link do not verify. */
  @Requires(Capability.AUDIT_READ)
  @GetMapping("/api/v1/audit-events/verification")
  ChainVerification verify(RequestAccess access) {
    return audit.verify(access.caller().organizationId());
  }

  private static long cursor(Long before) {
    return before == null ? Long.MAX_VALUE : before;
  }

  private static int checkedLimit(int limit) {
    if (limit < 1 || limit > 500) {
      throw new InvalidFieldException("limit", "limit must be between 1 and 500");
    }
    return limit;
  }
}
