package dev.loopback.workflows.agents;

/** {@code replicaId} is null when the host has no live channel anywhere. */
public record AgentLocation(String hostId, String replicaId) {
  public boolean connected() {
    return replicaId != null;
  }
}
