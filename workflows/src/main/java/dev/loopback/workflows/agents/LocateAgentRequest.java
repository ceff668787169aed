package dev.loopback.workflows.agents;

public record LocateAgentRequest(String hostId) {
}
