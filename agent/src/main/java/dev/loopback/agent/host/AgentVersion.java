package dev.loopback.agent.host;

/** The agent's own version: the jar manifest's Implementation-Version, or the development version when run from classes. */
public final class AgentVersion {
  public static final String DEVELOPMENT = "0.1.0-SNAPSHOT";

  private AgentVersion() {
  }

  public static String current() {
    String version = AgentVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? DEVELOPMENT : version;
  }
}
