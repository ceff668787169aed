package dev.loopback.workflows.updates;

/** What the replica holding the host's channel sends it. */
public record AgentUpdateCommand(String hostId, AgentPackage release, long checkInSeconds) {
}
