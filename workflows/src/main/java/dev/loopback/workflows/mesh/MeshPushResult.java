package dev.loopback.workflows.mesh;

/**
 * @param outcome {@code APPLIED}, {@code REFUSED}, {@code ROLLED_BACK} (the agent restored its
 *     last-known-good by itself), {@code NOT_CONNECTED} (gets the revision when it reconnects), {@code NOT_HERE} (its
 *     channel moved to another replica: locate it again) or
 *     {@code TIMED_OUT}
 */
public record MeshPushResult(String hostId, long revision, String outcome, String reason) {
  public boolean applied() {
    return "APPLIED".equals(outcome);
  }

  /** A host that is not there now is not a failure: it catches up at its next hello. */
  public boolean failed() {
    return !applied() && !"NOT_CONNECTED".equals(outcome) && !"NOT_HERE".equals(outcome);
  }
}
