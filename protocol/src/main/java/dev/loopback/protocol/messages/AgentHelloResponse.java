package dev.loopback.protocol.messages;

/**
 * The session is open. The agent sends a heartbeat every {@code heartbeatIntervalMillis} plus or minus
 * a random share of {@code heartbeatJitterMillis}, so that a fleet that reconnected together does
 * not beat together; the control plane closes a channel that stays silent for three intervals.
 */
public record AgentHelloResponse(String hostId, int protocolVersion, long heartbeatIntervalMillis,
    long heartbeatJitterMillis, String replicaId) implements Message {
}
