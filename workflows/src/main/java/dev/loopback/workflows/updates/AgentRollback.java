package dev.loopback.workflows.updates;

/** The host's launcher rolled {@code version} back to {@code runningVersion}: the signal {@link AgentUpdateWorkflow#ROLLED_BACK}. */
public record AgentRollback(String hostId, String version, String runningVersion, String reason) {
}
