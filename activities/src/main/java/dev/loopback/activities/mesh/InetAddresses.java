package dev.loopback.activities.mesh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Address literals, checked without ever asking DNS (InetAddress.getByName would resolve a name). */
final class InetAddresses {
  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]+(:(\\d{1,3}\\.){3}\\d{1,3})?");

  private InetAddresses() {
  }

  static boolean isLiteral(String text) {
    if (IPV4.matcher(text).matches()) {
      return true;
    }
    if (!text.contains(":") || !IPV6.matcher(text).matches()) {
      return false;
    }
    try {
      // Only hex digits, colons and dots reach here: parsed as an IPv6 literal, never looked up.
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
