package dev.loopback.workflows.mesh;

import java.util.List;

/**
 * The hosts whose mesh revision changed in one planning round; empty when nothing changed.
 * {@code deferred} hosts were left out because another network's round has them in flight: the
 * workflow plans again shortly, and they compose on that round's outcome.
 */
public record MeshPlan(String networkId, List<HostRevision> hosts, int deferred) {
  public MeshPlan(String networkId, List<HostRevision> hosts) {
    this(networkId, hosts, 0);
  }
}
