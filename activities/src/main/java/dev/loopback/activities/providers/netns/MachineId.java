package dev.loopback.activities.providers.netns;

import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A netns machine's id, {@code n} and 8 hex digits, and the names derived from it. Ids reach paths
 * and command lines, so every id from outside goes through {@link #parse} first.
 *
 * <p>Interface names are at most 15 characters (IFNAMSIZ - 1): {@code lbv} + the 9-character id is 12.
 */
record MachineId(String value) {
  private static final Pattern FORMAT = Pattern.compile("n[0-9a-f]{8}");
  static final int MAX_INTERFACE_NAME = 15;

  MachineId {
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("not a netns machine id: " + value);
    }
  }

  static MachineId random(RandomGenerator random) {
    return new MachineId("n" + HexFormat.of().toHexDigits(random.nextInt()));
  }

  /** Empty for anything that is not a well-formed id (such a machine cannot exist). */
  static Optional<MachineId> parse(String value) {
    return value != null && FORMAT.matcher(value).matches() ? Optional.of(new MachineId(value)) : Optional.empty();
  }

  /** The network namespace, {@code /run/netns/lb-<id>}. */
  String namespace() {
    return "lb-" + value;
  }

  /** The host side of the machine's veth pair, attached to the bridge. */
  String hostVeth() {
    return "lbv" + value;
  }

  @Override
  public String toString() {
    return value;
  }
}
