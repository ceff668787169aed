package dev.loopback.workflows.agents;

/**
 * @param outcome what happened
 * @param attempts how many replicas were tried (more than one means the agent moved mid-call)
 * @param pong the agent's answer when {@code outcome} is {@code ANSWERED}, else null
 */
public record PingHostResult(String hostId, Outcome outcome, int attempts, PingAgentResult pong) {
  public enum Outcome {
    ANSWERED,
    /** No replica holds a channel to the host. */
    NOT_CONNECTED,
    /** The channel was there but the agent did not answer in time. */
    TIMED_OUT
  }
}
