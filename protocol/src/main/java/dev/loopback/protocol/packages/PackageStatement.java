package dev.loopback.protocol.packages;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a package signature signs: not the file alone but the file's SHA-512 together with what the
 * catalog says it is — component, version, architecture and format — so that a validly signed
 * package cannot be offered as another version (a downgrade) or for another architecture.
 * An operator signs this text with the Ed25519 key they hold; control plane and agent verify it.
 *
 * <pre>
 * loopback-package-v1
 * component=agent
 * version=1.2.0
 * arch=amd64
 * format=deb
 * sha512=&lt;128 lowercase hex digits&gt;
 * </pre>
 */
public record PackageStatement(String component, String version, String arch, String format, String sha512) {
  static final String HEADER = "loopback-package-v1";

  public PackageStatement {
    sha512 = sha512.toLowerCase(Locale.ROOT);
    if (sha512.length() != 128 || !sha512.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("sha512: must be 128 hexadecimal digits");
    }
  }

  public static PackageStatement of(String component, String version, String arch, String format, byte[] sha512) {
    return new PackageStatement(component, version, arch, format, HexFormat.of().formatHex(sha512));
  }

  /** The exact bytes that are signed, newline-terminated lines in this order. */
  public byte[] bytes() {
    return (HEADER + "\ncomponent=" + component + "\nversion=" + version + "\narch=" + arch + "\nformat=" + format
        + "\nsha512=" + sha512 + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
