package dev.loopback.agent.host;

import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.ModuleState;
import java.util.List;

/**
 * What the agent reports about the machine it runs on. Called on the agent's event loop at every
 * heartbeat, so implementations must answer quickly and without blocking; the agent compares the
 * answers with what it sent last (with {@code equals}) and sends them again only when they changed.
 */
public interface HostSide {
  String agentVersion();

  /** Seconds since this agent started (not since the machine booted). */
  long uptimeSeconds();

  HostFacts facts();

  List<ModuleState> modules();
}
