package dev.loopback.protocol.messages;

import java.util.Map;

/**
 * One module as the agent runs it: {@code state} is e.g. {@code active}, {@code failed},
 * {@code disabled}. {@code metrics}: what the module last reported (name → value); null when it
 * reports none.
 */
public record ModuleState(String name, String version, String state, String message, Map<String, Double> metrics) {
  public ModuleState(String name, String version, String state, String message) {
    this(name, version, state, message, null);
  }
}
