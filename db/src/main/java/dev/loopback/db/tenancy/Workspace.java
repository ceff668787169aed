package dev.loopback.db.tenancy;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A workspace belongs to one organization; hosts, tokens and networks belong to one workspace. */
@Table("workspaces")
public record Workspace(
    @Id UUID id, UUID organizationId, String name, int tokenRotationDays, Instant createdAt) {}
