package dev.loopback.activities.access;

/** The answer to a presented API key. */
public sealed interface Authentication {

  record Authenticated(Caller caller) implements Authentication {}

  /** @param reason safe to show the caller: it never says more than a holder of the key knows */
  record Rejected(String reason) implements Authentication {}
}
