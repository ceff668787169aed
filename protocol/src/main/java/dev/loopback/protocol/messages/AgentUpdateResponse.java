package dev.loopback.protocol.messages;

/**
 * What the agent does with an {@link AgentUpdateRequest}: {@link Outcome#RESTARTING} once the new
 * version is installed beside the old one and the agent is about to exit into it; {@link
 * Outcome#REFUSED} with the offending {@code field} and {@code reason} when nothing changed.
 */
public record AgentUpdateResponse(Outcome outcome, String version, String field, String reason) implements Message {
  public enum Outcome {
    RESTARTING,
    REFUSED
  }

  public static AgentUpdateResponse restarting(String version) {
    return new AgentUpdateResponse(Outcome.RESTARTING, version, null, null);
  }

  public static AgentUpdateResponse refused(String version, String field, String reason) {
    return new AgentUpdateResponse(Outcome.REFUSED, version, field, reason);
  }
}
