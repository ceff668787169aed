package dev.loopback.activities.audit;

public enum Outcome {
  SUCCESS,
  /** The caller was not allowed to do it. */
  DENIED,
  /** Allowed, but refused by the domain (e.g. a token presented that was expired). */
  REFUSED
}
