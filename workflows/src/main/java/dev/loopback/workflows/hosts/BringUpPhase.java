package dev.loopback.workflows.hosts;

/** Where a bring-up is; {@code MANAGED}, {@code FAILED} and {@code CANCELLED} are final. */
public enum BringUpPhase {
  PROVISIONING,
  AWAITING_CHECK_IN,
  CONFIGURING,
  MANAGED,
  FAILED,
  CANCELLED
}
