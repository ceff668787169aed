package dev.loopback.protocol.messages;

/** A round trip through the agent; {@code requestId} makes a retried ping recognisable as the same one. */
public record PingRequest(String requestId) implements Message {
}
