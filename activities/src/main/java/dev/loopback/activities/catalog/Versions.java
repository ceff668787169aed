package dev.loopback.activities.catalog;

import com.github.zafarkhaja.semver.Version;
import dev.loopback.activities.errors.InvalidFieldException;

/** Semantic versions as the catalog accepts them: {@code MAJOR.MINOR.PATCH[-pre][+build]}, no {@code v} prefix. */
public final class Versions {
  private Versions() {
  }

  public static Version parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidFieldException(field, "is required: a semantic version such as 1.4.2");
    }
    return Version.tryParse(text.strip())
        .orElseThrow(() -> new InvalidFieldException(field, "'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.2)"));
  }
}
