package dev.loopback.protocol.messages;

import java.util.List;

/** Liveness plus what changed on the host: the control plane keeps the newest facts and module states. */
public record HeartbeatEvent(String agentVersion, long uptimeSeconds, HostFacts facts, List<ModuleState> modules)
    implements Message {
}
