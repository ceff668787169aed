package dev.loopback.activities.hosts;

import dev.loopback.activities.errors.InvalidFieldException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which hosts a list returns. Criteria combine with AND: any of {@code states} (empty for any), exactly
 * {@code agentVersion} (null for any), all of {@code labels}; then {@code limit} hosts after {@code after}.
 */
public record HostFilter(Set<HostState> states, String agentVersion, Map<String, String> labels, int limit, HostCursor after) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  static final int MAX_VERSION_LENGTH = 128;

  public HostFilter {
    states = states == null || states.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(states));
    labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidFieldException("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** Every host, first page. */
  public static HostFilter all() {
    return new HostFilter(Set.of(), null, Map.of(), DEFAULT_LIMIT, null);
  }

  /**
   * The filter from query parameters as a client sends them, each refused with an
   * {@link InvalidFieldException} naming the parameter.
   *
   * @param states state names, e.g. {@code CONNECTED}; null or empty for any
   * @param labels {@code key=value} pairs; null or empty for any
   * @param limit null for {@value #DEFAULT_LIMIT}
   * @param after the {@code next} of the previous page; null for the first
   */
  public static HostFilter parse(List<String> states, String version, List<String> labels, Integer limit, String after) {
    return new HostFilter(
        parseStates(states),
        parseVersion(version),
        parseLabels(labels),
        limit == null ? DEFAULT_LIMIT : limit,
        after == null || after.isEmpty() ? null : HostCursor.parse("after", after));
  }

  private static Set<HostState> parseStates(List<String> names) {
    EnumSet<HostState> states = EnumSet.noneOf(HostState.class);
    for (String name : names == null ? List.<String>of() : names) {
      states.add(HostState.fromWireName(name.strip()).orElseThrow(() -> new InvalidFieldException("state",
          "state '" + name + "' is not one of " + Arrays.toString(HostState.values()))));
    }
    return states;
  }

  private static String parseVersion(String version) {
    if (version == null) {
      return null;
    }
    if (version.isBlank() || version.length() > MAX_VERSION_LENGTH) {
      throw new InvalidFieldException("version", "version must be an agent version, e.g. 1.2.3 (at most "
          + MAX_VERSION_LENGTH + " characters)");
    }
    return version.strip();
  }

  private static Map<String, String> parseLabels(List<String> pairs) {
    Map<String, String> labels = new TreeMap<>();
    for (String pair : pairs == null ? List.<String>of() : pairs) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        throw new InvalidFieldException("label", "label '" + pair + "' must be key=value, e.g. label=region=eu-west");
      }
      String key = pair.substring(0, equals);
      String value = pair.substring(equals + 1);
      HostLabels.checkKey("label", key);
      HostLabels.checkValue("label", value);
      if (labels.containsKey(key) && !labels.get(key).equals(value)) {
        throw new InvalidFieldException("label", "label " + key + " is given twice with different values; no host can match both");
      }
      labels.put(key, value);
    }
    if (labels.size() > HostLabels.MAX_LABELS) {
      throw new InvalidFieldException("label", "at most " + HostLabels.MAX_LABELS + " labels, since no host has more");
    }
    return labels;
  }
}
