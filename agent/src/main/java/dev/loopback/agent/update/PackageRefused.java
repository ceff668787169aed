package dev.loopback.agent.update;

/** A package the agent will not use, with the field of the offer that does not hold. Nothing was kept. */
public final class PackageRefused extends Exception {
  private final String field;

  public PackageRefused(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
