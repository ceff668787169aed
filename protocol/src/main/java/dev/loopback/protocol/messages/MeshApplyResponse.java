package dev.loopback.protocol.messages;

/**
 * How applying a mesh revision went.
 *
 * @param outcome {@code APPLIED}; {@code REFUSED} (validation failed, nothing was touched);
 *     {@code ROLLED_BACK} (applied, verification failed, the last-known-good configuration is back)
 * @param reason why not applied, naming the field or check; null when applied
 * @param activeRevision the revision the interface now has (0 when none)
 */
public record MeshApplyResponse(long revision, MeshApplyOutcome outcome, String reason, long activeRevision) implements Message {
}
