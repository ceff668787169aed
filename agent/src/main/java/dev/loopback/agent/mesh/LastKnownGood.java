package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;

/** The newest revision that was applied and verified: what a failed apply falls back to, and what a restart re-applies. */
public record LastKnownGood(long revision, String hash, WireGuardConfig config) {
}
