package dev.loopback.workflows.hosts;

public record ProvisionRequest(String hostId, String workspaceId, String provider, String spec) {
}
