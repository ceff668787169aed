package dev.loopback.workflows.mesh;

/**
 * The mesh revision one host should have, by reference: the configuration itself stays in
 * PostgreSQL ({@code mesh_revisions}). {@code previousRevision} is what a rollback returns the host
 * to (0: the host had no mesh before).
 */
public record HostRevision(String hostId, long revision, String hash, long previousRevision) {
}
