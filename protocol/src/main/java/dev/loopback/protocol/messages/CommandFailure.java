package dev.loopback.protocol.messages;

/** The request was understood and failed; {@code code} is machine-readable, {@code message} is for people. */
public record CommandFailure(String code, String message) implements Message {
}
