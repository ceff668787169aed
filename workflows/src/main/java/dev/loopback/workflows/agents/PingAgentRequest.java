package dev.loopback.workflows.agents;

/** {@code requestId} is the same for every retry of one ping, so the agent can recognise repeats. */
public record PingAgentRequest(String hostId, String requestId) {
}
