package dev.loopback.agent.mesh;

/**
 * A peer's UDP endpoint: {@code host:port}, with an IPv6 literal in brackets ({@code [fd00::1]:51820}).
 * A name is allowed (WireGuard resolves it when the configuration is set) but only checked for shape.
 *
 * @param address the host as a single-address prefix when it is an IP literal, else null
 */
record Endpoint(String host, int port, IpPrefix address) {
  private static final String EXPECTED = "expected host:port (an IPv6 address in brackets), got ";

  static Endpoint parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(EXPECTED + "\"" + text + "\"");
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
      throw new IllegalArgumentException("\"" + text + "\" has no port 1..65535");
    }
    int port = Integer.parseInt(portText);
    if (host.startsWith("[") && host.endsWith("]")) {
      byte[] v6 = IpPrefix.literal(host.substring(1, host.length() - 1));
      if (v6 == null || v6.length != 16) {
        throw new IllegalArgumentException("\"" + text + "\": " + host + " is not an IPv6 address");
      }
      return new Endpoint(host, port, IpPrefix.parse(host.substring(1, host.length() - 1), true));
    }
    if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(EXPECTED + "\"" + text + "\"");
    }
    if (IpPrefix.literal(host) != null) {
      return new Endpoint(host, port, IpPrefix.parse(host, true));
    }
    if (!isHostName(host)) {
      throw new IllegalArgumentException("\"" + text + "\": " + host + " is neither an IP address nor a host name");
    }
    return new Endpoint(host, port, null);
  }

  /**
   * Letters, digits and hyphens in dot-separated labels of at most 63 characters (RFC 1123), the last
   * not all digits: {@code 10.0.0.256} is a mistyped address, not a name.
   */
  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253 || host.substring(host.lastIndexOf('.') + 1).chars().allMatch(Character::isDigit)) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
          || !label.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'))) {
        return false;
      }
    }
    return true;
  }
}
