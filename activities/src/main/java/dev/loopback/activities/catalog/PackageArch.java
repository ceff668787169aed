package dev.loopback.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/** Hosts report what {@code uname -m} says; packages are named the Debian way. */
public final class PackageArch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PackageArch() {
  }

  /** The package architecture of a host, from its facts' {@code architecture}; "" when it has reported none. */
  public static String ofFacts(String factsJson) {
    String machine = "";
    try {
      machine = factsJson == null ? "" : JSON.readTree(factsJson).path("architecture").asText("");
    } catch (JsonProcessingException e) {
      // No facts yet: no architecture.
    }
    return switch (machine.toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> machine.toLowerCase(Locale.ROOT);
    };
  }
}
