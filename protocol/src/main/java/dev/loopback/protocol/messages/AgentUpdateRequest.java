package dev.loopback.protocol.messages;

/**
 * The control plane asks the agent to update itself to {@code release}, an offer of the update
 * check for the agent component as a {@code tar.gz} package. The agent verifies it exactly as it
 * verifies a module, installs it beside the running version and restarts into it; the new version
 * must open a session within {@code checkInSeconds} of starting or the launcher puts the previous
 * version back.
 */
public record AgentUpdateRequest(UpdateCheckResponse release, long checkInSeconds) implements Message {
}
