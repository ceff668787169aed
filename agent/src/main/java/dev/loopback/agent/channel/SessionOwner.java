package dev.loopback.agent.channel;

import dev.loopback.agent.identity.Identity;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Refusal;

/**
 * What outlives a single channel: the agent that owns the host's identity and decides when to dial
 * again. {@link AgentChannelHandler} reports to it; it runs on the same event loop.
 */
public interface SessionOwner {
  /** Stores the first identity; throws {@link java.io.UncheckedIOException} if it cannot be stored. */
  void enrolled(Identity identity);

  void sessionOpened(AgentHelloResponse hello);

  /** Stores the renewed identity; throws {@link java.io.UncheckedIOException} if it cannot be stored. */
  void certificateRenewed(Identity identity);

  void refused(Refusal refusal);

  /** Called exactly once per channel that became active, after it closed. */
  void sessionEnded(String reason);
}
