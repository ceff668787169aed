package dev.loopback.workflows.mesh;

import io.temporal.activity.ActivityInterface;

/** The control plane's side of a network apply; implementations live in activities/. */
@ActivityInterface
public interface MeshActivities {
  /**
   * Compiles what every host of the network (and of networks bridged to it) should have now, stores
   * a new revision for each host whose configuration changed, and returns those hosts.
   */
  MeshPlan planNetwork(String networkId);

  /**
   * Records the round: hosts' applied revisions, and after a rollback the desired revision back at
   * the previous one, with the per-host reasons.
   */
  MeshRoundOutcome recordRound(MeshRoundOutcome outcome);
}
