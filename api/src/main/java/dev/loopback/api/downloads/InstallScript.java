package dev.loopback.api.downloads;

import dev.loopback.activities.downloads.AgentPackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The install script: the template {@code install/install.sh} with its {@code name={{KEY}}} lines
 * filled in. A placeholder may only stand alone on the right of an assignment, at the end of its
 * line, and every value goes in single quotes: no value (a Host header, a configured URL) can become
 * code, whatever it holds.
 */
final class InstallScript {

  static final String TEMPLATE = "install/install.sh";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");
  private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^[a-z_][a-z0-9_]*=\\{\\{([A-Z0-9_]+)}}$");

  private final String template;
  private final Set<String> keys = new TreeSet<>();

  InstallScript(String template) {
    Matcher assignments = ASSIGNMENT.matcher(template);
    while (assignments.find()) {
      keys.add(assignments.group(1));
    }
    long placeholders = PLACEHOLDER.matcher(template).results().count();
    if (placeholders != ASSIGNMENT.matcher(template).results().count()) {
      throw new IllegalArgumentException("install script template: every {{KEY}} must be a whole right-hand side of name={{KEY}}");
    }
    this.template = template;
  }

  static InstallScript fromClasspath() {
    try (InputStream in = InstallScript.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE + " is missing from the classpath");
      }
      return new InstallScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATE, e);
    }
  }

  /** What one rendering says; absent packages leave their values empty and the script refuses that format. */
  record Values(String scriptUrl, String baseUrl, UUID workspaceId, String channel, String endpoint, String caSha256,
      String trustedKeys, String mirrorUrl, Optional<AgentPackage> deb, Optional<AgentPackage> tarball) {

    Map<String, String> byKey() {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("SCRIPT_URL", scriptUrl);
      values.put("BASE_URL", baseUrl);
      values.put("WORKSPACE", workspaceId.toString());
      values.put("CHANNEL", channel);
      values.put("ENDPOINT", endpoint);
      values.put("CA_SHA256", caSha256);
      values.put("TRUSTED_KEYS", trustedKeys);
      values.put("MIRROR_URL", mirrorUrl);
      put(values, "DEB", deb);
      put(values, "TAR", tarball);
      return values;
    }

    private static void put(Map<String, String> values, String prefix, Optional<AgentPackage> pkg) {
      values.put(prefix + "_FILE", pkg.map(AgentPackage::file).orElse(""));
      values.put(prefix + "_VERSION", pkg.map(AgentPackage::version).orElse(""));
      values.put(prefix + "_SIZE", pkg.map(p -> Long.toString(p.size())).orElse(""));
      values.put(prefix + "_SHA512", pkg.map(AgentPackage::sha512).orElse(""));
    }
  }

  String render(Values values) {
    Map<String, String> byKey = values.byKey();
    if (!byKey.keySet().equals(keys)) {
      throw new IllegalStateException("install script template expects " + keys + ", rendering gives " + byKey.keySet());
    }
    return PLACEHOLDER.matcher(template).replaceAll(match -> Matcher.quoteReplacement(quote(byKey.get(match.group(1)))));
  }

  /** POSIX single quotes: nothing inside is special; a quote itself is closed, escaped and reopened. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
