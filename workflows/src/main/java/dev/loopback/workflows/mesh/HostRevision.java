package dev.loopback.workflows.mesh;

/**
 * The mesh revision one host should have, by reference: the configuration itself stays in
 * PostgreSQL ({@code mesh_revisions}). {@code previousRevision} is what a rollback returns the host
 * to (0: the host had no mesh before). {@code hash} may be null: plans leave it out to stay small,
 * and the push reads it with the stored revision.
 */
public record HostRevision(String hostId, long revision, String hash, long previousRevision) {
}
