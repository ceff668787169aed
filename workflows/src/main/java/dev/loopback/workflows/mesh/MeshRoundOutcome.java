package dev.loopback.workflows.mesh;

import java.util.List;

/**
 * How one apply round ended, for the network's record and the hosts' states.
 *
 * @param outcome {@code APPLIED} or {@code ROLLED_BACK}
 * @param results every host's push (and, after a rollback, the rollback pushes)
 */
public record MeshRoundOutcome(String networkId, String outcome, List<HostRevision> plan, List<MeshPushResult> results) {
}
