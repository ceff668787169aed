package dev.loopback.protocol.messages;

/** A message with its correlation id: requests and their responses share one; events use 0. */
public record Envelope(long correlationId, Message message) {
  public static Envelope event(Message message) {
    return new Envelope(0, message);
  }
}
