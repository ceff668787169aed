package dev.loopback.protocol.messages;

/**
 * Event, after a hello: the launcher rolled a self-update back. {@code version} is the release that
 * failed, {@code runningVersion} the one the host went back to, {@code reason} what the launcher saw
 * (e.g. "exited with status 1 before it checked in").
 */
public record AgentUpdateReport(String version, String runningVersion, String reason, long failedAtEpochSeconds) implements Message {
}
