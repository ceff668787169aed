package dev.loopback.workflows.agents;

public record PingHostInput(String hostId, String requestId) {
}
