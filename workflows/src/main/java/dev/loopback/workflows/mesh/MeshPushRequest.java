package dev.loopback.workflows.mesh;

/** @param verifyTimeoutMillis how long the agent may take to verify peers after applying */
public record MeshPushRequest(String hostId, long revision, String hash, long verifyTimeoutMillis) {
}
