package dev.loopback.workflows.updates;

/** How an update ended, recorded by {@link AgentUpdateActivities#finish}; {@code runningVersion} null when unknown. */
public record AgentUpdateOutcome(String updateId, String hostId, AgentUpdateStatus status, String runningVersion, String reason) {
}
