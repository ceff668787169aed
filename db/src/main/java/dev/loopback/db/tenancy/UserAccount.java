package dev.loopback.db.tenancy;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A person or automation of an organization; it authenticates with its {@link ApiKey}s. */
@Table("users")
public record UserAccount(@Id UUID id, UUID organizationId, String name, Instant createdAt) {}
