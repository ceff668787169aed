package dev.loopback.activities.providers;

/** Where a machine is in its life, as every provider reports it. */
public enum MachineState {
  /** Being created or booting for the first time; not yet running the user data. */
  CREATING,
  /** Powered on. Its software (user data, agent) may still be starting. */
  RUNNING,
  /** Exists and keeps its disk, but is powered off. */
  OFF,
  /** Does not exist: never created, or destroyed. */
  GONE,
  /** Exists but is broken or inconsistent; {@link MachineStatus#detail()} says how. */
  ERROR
}
