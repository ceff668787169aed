package dev.loopback.protocol.messages;

/**
 * Why the control plane will not enroll or greet this agent. {@code retryAfterMillis} is 0 when
 * retrying cannot help (e.g. a revoked token) and the wait before the next attempt when it can.
 */
public record Refusal(RefusalCode code, String reason, long retryAfterMillis) implements Message {
}
