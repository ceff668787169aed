package dev.loopback.activities.downloads;

import java.util.Comparator;

/**
 * dpkg's version order ({@code dpkg --compare-versions}, lib/dpkg/version.c): epoch, then upstream
 * version, then revision, each compared as alternating runs of non-digits (letters before other
 * characters, {@code ~} before everything, even the end) and numbers.
 */
final class DebianVersions {

  static final Comparator<String> ORDER = DebianVersions::compare;

  private DebianVersions() {}

  static int compare(String a, String b) {
    Parts x = Parts.of(a);
    Parts y = Parts.of(b);
    if (x.epoch != y.epoch) {
      return Long.compare(x.epoch, y.epoch);
    }
    int upstream = fragments(x.upstream, y.upstream);
    return upstream != 0 ? upstream : fragments(x.revision, y.revision);
  }

  private record Parts(long epoch, String upstream, String revision) {
    static Parts of(String version) {
      int colon = version.indexOf(':');
      long epoch = 0;
      if (colon > 0 && version.substring(0, colon).chars().allMatch(Character::isDigit) && colon < 10) {
        epoch = Long.parseLong(version.substring(0, colon));
        version = version.substring(colon + 1);
      }
      int dash = version.lastIndexOf('-');
      return dash < 0 ? new Parts(epoch, version, "") : new Parts(epoch, version.substring(0, dash), version.substring(dash + 1));
    }
  }

  private static int fragments(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while ((i < a.length() && !digit(a.charAt(i))) || (j < b.length() && !digit(b.charAt(j)))) {
        int difference = order(a, i) - order(b, j);
        if (difference != 0) {
          return difference;
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      int firstDifference = 0;
      while (i < a.length() && digit(a.charAt(i)) && j < b.length() && digit(b.charAt(j))) {
        if (firstDifference == 0) {
          firstDifference = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && digit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && digit(b.charAt(j))) {
        return -1;
      }
      if (firstDifference != 0) {
        return firstDifference;
      }
    }
    return 0;
  }

  private static int order(String s, int i) {
    if (i >= s.length() || digit(s.charAt(i))) {
      return 0;
    }
    char c = s.charAt(i);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      return c;
    }
    return c == '~' ? -1 : c + 256;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
