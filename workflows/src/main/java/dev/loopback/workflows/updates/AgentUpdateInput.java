package dev.loopback.workflows.updates;

/**
 * One host's agent update.
 *
 * @param fromVersion what the host ran when the update was asked for
 * @param checkInSeconds how long the new version has, from the agent's restart, to open a session
 *     before the host's launcher puts the previous version back
 */
public record AgentUpdateInput(String updateId, String hostId, String fromVersion, AgentPackage release, long checkInSeconds) {
}
