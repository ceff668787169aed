package dev.loopback.agent.channel;

import java.util.ArrayList;
import java.util.List;

/** One line for an operator out of an exception chain: each distinct message once, outermost first. */
final class Causes {
  private Causes() {
  }

  static String describe(Throwable failure) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = failure; t != null && parts.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      String part = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
      if (parts.stream().noneMatch(p -> p.contains(part))) {
        parts.add(part);
      }
    }
    return String.join(": ", parts);
  }
}
