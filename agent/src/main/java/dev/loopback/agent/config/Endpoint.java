package dev.loopback.agent.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the control plane's agent gateway listens: a host name or address and a TCP port. */
public record Endpoint(String host, int port) {
  // A bracketed IPv6 literal, or a name/IPv4 address without colons, then :port.
  private static final Pattern FORM = Pattern.compile("^(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9._-]+)):([0-9]{1,5})$");

  public Endpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is missing");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
  }

  /** Parses {@code host:port} or {@code [v6-address]:port}; the message of the exception is fit for an operator. */
  public static Endpoint parse(String text) {
    Matcher matcher = FORM.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("expected host:port, got \"" + text + "\"");
    }
    int port = Integer.parseInt(matcher.group(3));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got \"" + text + "\"");
    }
    return new Endpoint(matcher.group(1) != null ? matcher.group(1) : matcher.group(2), port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
