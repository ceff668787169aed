package dev.loopback.activities.hosts;

import dev.loopback.activities.errors.InvalidFieldException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Label rules, Kubernetes-style so selectors and tooling people know carry over. A key is an optional
 * DNS-subdomain prefix and '/', then a name of 1–63 letters, digits, '-', '_' or '.', starting and
 * ending with a letter or digit; a value is empty or follows the name rule. At most {@value #MAX_LABELS}.
 */
public final class HostLabels {

  public static final int MAX_LABELS = 64;
  static final int MAX_NAME = 63;
  static final int MAX_PREFIX = 253;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private HostLabels() {
  }

  /** The labels, sorted by key, or an {@link InvalidFieldException} naming {@code labels.<key>}. */
  public static Map<String, String> validated(Map<String, String> labels) {
    if (labels == null) {
      throw new InvalidFieldException("labels", "labels is required: an object of key/value strings, {} for none");
    }
    if (labels.size() > MAX_LABELS) {
      throw new InvalidFieldException("labels", "at most " + MAX_LABELS + " labels, got " + labels.size());
    }
    Map<String, String> sorted = new TreeMap<>();
    labels.forEach((key, value) -> {
      String field = "labels." + key;
      checkKey(field, key);
      checkValue(field, value);
      sorted.put(key, value);
    });
    return sorted;
  }

  static void checkKey(String field, String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        throw new InvalidFieldException(field, "label key prefix '" + prefix + "' must be a DNS subdomain "
            + "(lowercase letters, digits, '-' and '.', at most " + MAX_PREFIX + " characters)");
      }
    }
    if (name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      throw new InvalidFieldException(field, "label key name '" + name + "' must be 1-" + MAX_NAME
          + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
  }

  static void checkValue(String field, String value) {
    if (value == null) {
      throw new InvalidFieldException(field, "label value must be a string (\"\" for none)");
    }
    if (!value.isEmpty() && (value.length() > MAX_NAME || !NAME.matcher(value).matches())) {
      throw new InvalidFieldException(field, "label value '" + value + "' must be empty or 1-" + MAX_NAME
          + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
  }
}
