package dev.loopback.workflows.updates;

/**
 * The agent's answer: {@code restarting} true once the release is installed beside the old one and
 * the agent exits into it; otherwise the offer's {@code field} it refused and why (nothing changed).
 */
public record AgentUpdateAnswer(boolean restarting, String field, String reason) {
}
