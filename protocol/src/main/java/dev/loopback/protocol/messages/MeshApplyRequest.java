package dev.loopback.protocol.messages;

/**
 * Apply this mesh revision: validate, write, apply live, verify, keep as last-known-good. A revision
 * older than the one applied is still applied: that is how the control plane rolls a host back.
 *
 * @param hash the content hash of {@code config}, as stored by the control plane
 * @param verifyTimeoutMillis how long the agent may wait for the interface and peers to verify
 */
public record MeshApplyRequest(long revision, String hash, WireGuardConfig config, long verifyTimeoutMillis) implements Message {
}
