package dev.loopback.api;

/** An external dependency (PostgreSQL, Temporal) cannot be reached at startup: fail fast, say which. */
public class DependencyUnreachableException extends RuntimeException {

  private final String dependency;
  private final String setting;

  public DependencyUnreachableException(String dependency, String where, String setting, Throwable cause) {
    super(dependency + " at " + where + " is unreachable: " + rootMessage(cause), cause);
    this.dependency = dependency;
    this.setting = setting;
  }

  public String dependency() {
    return dependency;
  }

  /** The environment variable that points at the dependency. */
  public String setting() {
    return setting;
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
