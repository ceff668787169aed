package dev.loopback.activities.mesh;

import dev.loopback.db.networks.MeshRevisionRepository.HostMeshState;
import java.time.Instant;

/**
 * Where one host's mesh is: the revision it should have, the one its agent applied, and how the
 * last push went ({@code APPLIED}, {@code REFUSED}, {@code ROLLED_BACK}, {@code TIMED_OUT},
 * {@code NOT_CONNECTED}, {@code REAPPLY}) with the agent's reason.
 */
public record HostMeshView(long desiredRevision, long appliedRevision, String outcome, String detail, Instant updatedAt) {
  static HostMeshView of(HostMeshState state) {
    return new HostMeshView(state.desiredRevision(), state.appliedRevision(), state.outcome(), state.detail(), state.updatedAt());
  }
}
