package dev.loopback.db.tenancy;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A user's role in one workspace, or in the whole organization when {@code workspaceId} is null. */
@Table("role_bindings")
public record RoleBinding(
    @Id UUID id, UUID userId, UUID organizationId, UUID workspaceId, String role, Instant createdAt) {}
