package dev.loopback.workflows.updates;

import io.temporal.activity.ActivityInterface;

/** The control plane's record of agent updates (any replica). */
@ActivityInterface
public interface AgentUpdateActivities {
  /** Records the outcome and gives the host its lifecycle back (it was {@code UPDATING}). Idempotent. */
  void finish(AgentUpdateOutcome outcome);
}
