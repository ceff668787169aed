package dev.loopback.activities.providers;

/** Power actions, with the semantics of a cloud API's hard power controls (no guest shutdown). */
public enum PowerAction {
  ON,
  /** Cuts power: every process on the machine dies; the disk is kept. */
  OFF,
  /** Cuts power and powers on again. */
  RESET
}
