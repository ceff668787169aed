package dev.loopback.activities.access;

import java.util.UUID;

/** @param workspaceId null for an organization-wide binding */
public record MemberView(UUID userId, String userName, UUID workspaceId, Role role) {}
