package dev.loopback.protocol;

/**
 * The agent protocol version carried in every hello and enrollment request.
 *
 * <p>The control plane accepts {@link #OLDEST_ACCEPTED} through {@link #CURRENT} and refuses any other
 * version with {@code UNSUPPORTED_PROTOCOL}, naming this range, so an agent that is too old or too new
 * logs why it cannot join instead of failing on a message it does not understand. Raise
 * {@code CURRENT} when a message changes meaning; raise {@code OLDEST_ACCEPTED} only after the fleet
 * has moved on.
 */
public final class ProtocolVersion {
  public static final int CURRENT = 1;
  public static final int OLDEST_ACCEPTED = 1;

  private ProtocolVersion() {
  }

  public static boolean isAccepted(int version) {
    return version >= OLDEST_ACCEPTED && version <= CURRENT;
  }

  public static String acceptedRange() {
    return OLDEST_ACCEPTED == CURRENT ? String.valueOf(CURRENT) : OLDEST_ACCEPTED + ".." + CURRENT;
  }
}
