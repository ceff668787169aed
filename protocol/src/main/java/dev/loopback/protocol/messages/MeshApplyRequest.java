package dev.loopback.protocol.messages;

/**
 * Apply this mesh revision: validate, write, apply live, verify, keep as last-known-good. A revision
 * older than the one applied is still applied: that is how the control plane rolls a host back.
 *
 * <p>Exactly one of {@code config} and {@code delta} is set. A delta is the change from the revision
 * the host has (its {@code baseRevision} and {@code baseHash}); an agent on any other revision
 * refuses it with {@link #BASE_MISMATCH} in the reason, and the control plane sends the whole
 * configuration instead. Either way the agent checks that what it would apply has {@code hash}.
 *
 * @param hash the {@link MeshHash} of the configuration this revision stands for
 * @param verifyTimeoutMillis how long the agent may wait for the interface and peers to verify
 */
public record MeshApplyRequest(long revision, String hash, WireGuardConfig config, MeshDelta delta, long verifyTimeoutMillis)
    implements Message {
  /** Begins the reason of a refused delta whose base is not the agent's active revision. */
  public static final String BASE_MISMATCH = "base mismatch";

  public static MeshApplyRequest full(long revision, String hash, WireGuardConfig config, long verifyTimeoutMillis) {
    return new MeshApplyRequest(revision, hash, config, null, verifyTimeoutMillis);
  }

  public static MeshApplyRequest delta(long revision, String hash, MeshDelta delta, long verifyTimeoutMillis) {
    return new MeshApplyRequest(revision, hash, null, delta, verifyTimeoutMillis);
  }
}
