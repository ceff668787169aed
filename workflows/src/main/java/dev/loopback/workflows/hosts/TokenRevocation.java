package dev.loopback.workflows.hosts;

public record TokenRevocation(String workspaceId, String tokenId, String reason) {
}
