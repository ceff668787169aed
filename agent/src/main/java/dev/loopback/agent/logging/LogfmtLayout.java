package dev.loopback.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.slf4j.event.KeyValuePair;

/**
 * One logfmt line per event: {@code ts=… level=… logger=… msg="…" key=value…}, with SLF4J 2
 * key-value pairs as fields and an exception as {@code error="…"} (its message chain, not a stack
 * trace, so that one event stays one line in the journal). Values are quoted only when they need it,
 * and quotes, backslashes and line breaks inside them are escaped, so every line parses.
 */
public final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(200);
    line.append("ts=").append(TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())));
    line.append(" level=").append(event.getLevel().toString().toLowerCase(Locale.ROOT));
    line.append(" logger=").append(shortName(event.getLoggerName()));
    line.append(" msg=");
    quoted(line, event.getFormattedMessage());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        line.append(' ').append(pair.key).append('=');
        value(line, String.valueOf(pair.value));
      }
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(" error=");
      quoted(line, chain(thrown));
    }
    return line.append('\n').toString();
  }

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }

  private static String chain(IThrowableProxy thrown) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy t = thrown; t != null && text.length() < 1000; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(": ");
      }
      String type = t.getClassName();
      text.append(type.substring(type.lastIndexOf('.') + 1));
      if (t.getMessage() != null) {
        text.append(' ').append(t.getMessage());
      }
    }
    return text.toString();
  }

  private static void value(StringBuilder line, String value) {
    if (!value.isEmpty() && value.chars().allMatch(LogfmtLayout::bare)) {
      line.append(value);
    } else {
      quoted(line, value);
    }
  }

  private static boolean bare(int c) {
    return c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
  }

  private static void quoted(StringBuilder line, String value) {
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> line.append(c);
      }
    }
    line.append('"');
  }
}
