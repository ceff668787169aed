package dev.loopback.agent.update;

/** A package the agent will not use, with the field of the offer that does not hold. Nothing was kept. */
public final class PackageRefused extends Exception {
  private final String field;
  private final String reason;

  public PackageRefused(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** Why, without the field's name. */
  public String reason() {
    return reason;
  }

  public String field() {
    return field;
  }
}
