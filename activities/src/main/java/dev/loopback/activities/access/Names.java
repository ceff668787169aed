package dev.loopback.activities.access;

import dev.loopback.activities.errors.InvalidFieldException;
import java.util.regex.Pattern;

/** Names operators type in URLs and scripts: short, lowercase-friendly, no spaces. */
final class Names {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  private Names() {}

  static String checked(String field, String name) {
    if (name == null || !SLUG.matcher(name).matches()) {
      throw new InvalidFieldException(field,
          field + " must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }
}
