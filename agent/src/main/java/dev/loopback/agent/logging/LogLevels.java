package dev.loopback.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies the configured log level, which is known only after logback has started with logback.xml's default. */
public final class LogLevels {
  private LogLevels() {
  }

  public static void setRoot(String level) {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
