package dev.loopback.activities.downloads;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a package file's name says: {@code loopback-agent_<debversion>_<arch>.deb} (jdeb's and
 * dpkg-name's form) or {@code loopback-agent-<version>-linux.tar.gz} (the assembly's). Any other
 * name is not a package, so it is never listed and never served.
 */
record PackageName(String file, String version, String arch, PackageFormat format) {

  private static final Pattern DEB = Pattern.compile("loopback-agent_([0-9][A-Za-z0-9.+~-]{0,63})_([a-z0-9]{1,16})\\.deb");
  private static final Pattern TARBALL = Pattern.compile("loopback-agent-([0-9][A-Za-z0-9.+~_-]{0,63})-linux\\.tar\\.gz");

  /** Newest first: formats in declaration order, then versions as dpkg orders them, then names for a stable order. */
  static final Comparator<PackageName> NEWEST_FIRST = Comparator.comparing(PackageName::format)
      .thenComparing(PackageName::comparableVersion, DebianVersions.ORDER.reversed())
      .thenComparing(PackageName::file);

  static Optional<PackageName> parse(String file) {
    Matcher deb = DEB.matcher(file);
    if (deb.matches()) {
      return Optional.of(new PackageName(file, deb.group(1), deb.group(2), PackageFormat.DEB));
    }
    Matcher tarball = TARBALL.matcher(file);
    if (tarball.matches()) {
      return Optional.of(new PackageName(file, tarball.group(1), "all", PackageFormat.TARBALL));
    }
    return Optional.empty();
  }

  /**
   * The version in Debian's form, so both formats sort alike. A Maven qualifier becomes a tilde
   * suffix, as jdeb writes it: {@code 1.2.0-SNAPSHOT} and {@code 1.2.0-rc1} sort before {@code 1.2.0}.
   */
  String comparableVersion() {
    if (format == PackageFormat.DEB) {
      return version;
    }
    int dash = version.indexOf('-');
    return dash < 0 ? version : version.substring(0, dash) + "~" + version.substring(dash + 1).toLowerCase(Locale.ROOT);
  }
}
