package dev.loopback.activities.agents.sessions;

import java.util.UUID;

/** The channel to a host closed (or was never here) while a request needed it. */
public class AgentDisconnectedException extends RuntimeException {
  public AgentDisconnectedException(UUID hostId, Throwable cause) {
    super("host " + hostId + " has no open channel on this replica", cause);
  }
}
