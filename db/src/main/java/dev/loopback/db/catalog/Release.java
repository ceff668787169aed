package dev.loopback.db.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A catalog row: one version of a component (the core agent or a module). */
public record Release(UUID id, String component, String version, String channel, String eligibility, String requiresCore,
    List<String> moduleTags, String notes, boolean published, Instant publishedAt, Instant createdAt) {
}
