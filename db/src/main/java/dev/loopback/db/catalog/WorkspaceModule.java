package dev.loopback.db.catalog;

import java.time.Instant;
import java.util.UUID;

/** A module the hosts of a workspace run; {@code version} null: the highest their agent can run. */
public record WorkspaceModule(UUID workspaceId, String name, String channel, String version, boolean enabled, String policyJson,
    Instant updatedAt) {
}
