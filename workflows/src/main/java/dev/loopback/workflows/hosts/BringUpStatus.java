package dev.loopback.workflows.hosts;

/**
 * What the bring-up is doing now, for the API and the Temporal query.
 *
 * @param step the configuration step being applied, when {@code phase} is {@code CONFIGURING}
 * @param reason why it failed or was cancelled, else null
 */
public record BringUpStatus(String hostId, BringUpPhase phase, String step, String machineId, String reason) {
}
