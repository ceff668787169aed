package dev.loopback.activities.tokens;

/** Why a presented token was not accepted; the agent logs it, so each says what to do. */
public enum TokenRefusal {
  UNKNOWN("the token is not known: check it was copied whole, or mint a new one"),
  EXPIRED("the token has expired: mint a new one and rerun the install"),
  REVOKED("the token was revoked: ask an operator for a new one"),
  EXHAUSTED("the token has been used as many times as it allows: mint a new one");

  private final String explanation;

  TokenRefusal(String explanation) {
    this.explanation = explanation;
  }

  public String explanation() {
    return explanation;
  }
}
