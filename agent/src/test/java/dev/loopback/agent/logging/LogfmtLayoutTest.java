package dev.loopback.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class LogfmtLayoutTest {
  private final LoggerContext context = new LoggerContext();
  private final LogfmtLayout layout = new LogfmtLayout();

  @Test
  void writesOneLogfmtLineWithKeyValuePairs() {
    LoggingEvent event = event(Level.WARN, "cannot connect to the control plane", null);
    event.addKeyValuePair(new KeyValuePair("endpoint", "cp.example:7443"));
    event.addKeyValuePair(new KeyValuePair("attempt", 3));

    String line = layout.doLayout(event);

    assertThat(line).matches("ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=warn logger=Agent "
        + "msg=\"cannot connect to the control plane\" endpoint=cp.example:7443 attempt=3\n");
  }

  @Test
  void quotesAndEscapesValuesThatNeedIt() {
    LoggingEvent event = event(Level.INFO, "say \"hi\"\nthere", null);
    event.addKeyValuePair(new KeyValuePair("reason", "Connection refused: /127.0.0.1:1"));
    event.addKeyValuePair(new KeyValuePair("empty", ""));
    event.addKeyValuePair(new KeyValuePair("path", "C:\\x=y"));

    String line = layout.doLayout(event);

    assertThat(line).contains(" msg=\"say \\\"hi\\\"\\nthere\"")
        .contains(" reason=\"Connection refused: /127.0.0.1:1\"")
        .contains(" empty=\"\"")
        .contains(" path=\"C:\\\\x=y\"");
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
  }

  @Test
  void reportsAnExceptionAsItsMessageChainOnTheSameLine() {
    String line = layout.doLayout(event(Level.ERROR, "cannot start", new IOException("disk full", new IllegalStateException("x"))));

    assertThat(line).endsWith(" error=\"IOException disk full: IllegalStateException x\"\n");
  }

  private LoggingEvent event(Level level, String message, Throwable thrown) {
    return new LoggingEvent("fqcn", context.getLogger("dev.loopback.agent.Agent"), level, message, thrown, null);
  }
}
