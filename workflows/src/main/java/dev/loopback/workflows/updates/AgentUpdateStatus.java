package dev.loopback.workflows.updates;

/** Where an agent update ended, or {@link #UPDATING} while it runs. */
public enum AgentUpdateStatus {
  /** Asked for; the agent is fetching, installing or restarting, or the new version has yet to check in. */
  UPDATING,
  /** The new version checked in. */
  SUCCEEDED,
  /** The agent refused the release (bad signature, SHA-512, package...): nothing changed on the host. */
  REFUSED,
  /** The new version did not check in in time; the host's launcher put the previous version back. */
  ROLLED_BACK,
  /** The host could not be reached, or did not come back at all within the deadline. */
  FAILED
}
