package dev.loopback.protocol.messages;

/** One module as the agent runs it: {@code state} is e.g. {@code active}, {@code failed}, {@code disabled}. */
public record ModuleState(String name, String version, String state, String message) {
}
