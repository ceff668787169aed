package dev.loopback.workflows.agents;

/** The agent's answer as measured by the replica holding the channel: write to response, in microseconds. */
public record PingAgentResult(String hostId, String replicaId, long roundTripMicros, String agentVersion, long uptimeSeconds) {
}
