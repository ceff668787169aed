package dev.loopback.workflows.hosts;

public record StepRequest(String hostId, String workspaceId, String step) {
}
