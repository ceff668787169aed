package dev.loopback.db.audit;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One row of an organization's audit chain. {@code seq} orders the chain; {@code hash} covers
 * every other field and {@code prevHash}. The table refuses UPDATE, DELETE and TRUNCATE.
 */
@Table("audit_events")
public record AuditEvent(
    @Id Long seq,
    UUID id,
    UUID organizationId,
    UUID workspaceId,
    Instant occurredAt,
    String actor,
    String action,
    String target,
    String requestId,
    String outcome,
    String detail,
    String prevHash,
    String hash) {}
