package dev.loopback.activities.tokens;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Short-lived tokens are for one install run; long-lived ones for automation, rotated by policy. */
public enum TokenLifetime {
  SHORT_LIVED("short-lived"),
  LONG_LIVED("long-lived");

  private final String wireName;

  TokenLifetime(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static TokenLifetime fromWireName(String name) {
    return Arrays.stream(values())
        .filter(lifetime -> lifetime.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("lifetime must be 'short-lived' or 'long-lived'"));
  }
}
