package dev.loopback.agent.update;

import dev.loopback.protocol.messages.AgentUpdateReport;
import dev.loopback.protocol.messages.AgentUpdateRequest;
import dev.loopback.protocol.messages.AgentUpdateResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the channel hands self-update requests to; answers off the channel's event loop. */
public interface SelfUpdates {
  CompletableFuture<AgentUpdateResponse> apply(AgentUpdateRequest request);

  /** The answer went out: a {@code RESTARTING} one makes the agent exit into the new version now. */
  void answered(AgentUpdateResponse response);

  /**
   * A session opened, so this version checked in: commits an update to it that was waiting for
   * that, and returns the launcher's report of an update it rolled back, if one is not yet reported.
   */
  Optional<AgentUpdateReport> checkedIn();
}
