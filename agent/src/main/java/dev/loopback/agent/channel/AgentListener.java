package dev.loopback.agent.channel;

import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Refusal;
import java.time.Instant;

/**
 * Observes one agent: tests and the fleet simulator count and time what happens through it. Every
 * method runs on the agent's event loop, so an implementation must return quickly and never block.
 */
public interface AgentListener {
  AgentListener NONE = new AgentListener() {
  };

  /** The control plane accepted the token and issued the first certificate. */
  default void enrolled(String hostId) {
  }

  /** The control plane accepted the hello: heartbeats start now. */
  default void sessionOpened(AgentHelloResponse hello) {
  }

  /** A connected channel closed, whether or not a session had opened on it. */
  default void sessionClosed(String reason) {
  }

  /** The control plane refused enrollment or hello; a code that is not retryable stops the agent. */
  default void refused(Refusal refusal) {
  }

  /** A renewed certificate is stored; the next connection uses it. */
  default void certificateRenewed(Instant notAfter) {
  }

  /** No channel could be opened (refused, unreachable, timed out). */
  default void connectFailed(String reason) {
  }

  /** The next connection attempt will start after {@code delayMillis}. */
  default void reconnectScheduled(int attempt, long delayMillis) {
  }
}
