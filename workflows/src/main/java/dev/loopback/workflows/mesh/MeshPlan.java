package dev.loopback.workflows.mesh;

import java.util.List;

/** The hosts whose mesh revision changed in one planning round; empty when nothing changed. */
public record MeshPlan(String networkId, List<HostRevision> hosts) {
}
