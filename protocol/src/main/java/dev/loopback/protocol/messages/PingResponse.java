package dev.loopback.protocol.messages;

public record PingResponse(String requestId, String agentVersion, long uptimeSeconds) implements Message {
}
