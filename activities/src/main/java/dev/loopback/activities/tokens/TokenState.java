package dev.loopback.activities.tokens;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum TokenState {
  ACTIVE,
  EXPIRED,
  REVOKED,
  EXHAUSTED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
