package dev.loopback.agent.config;

import java.util.List;

/** The configuration cannot be used. Each problem names the field (and where it came from) and what was expected. */
public final class ConfigException extends Exception {
  private final transient List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
