package dev.loopback.activities.mesh;

import dev.loopback.db.networks.MeshIdentityRepository;
import dev.loopback.db.networks.MeshRevisionRepository;
import dev.loopback.db.networks.MeshRevisionRepository.HostMeshState;
import dev.loopback.db.networks.NetworkRepository;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The bring-up's {@code mesh} step: once the new host's agent has reported its key, its networks
 * run a round, and the step waits until the host applied its revision. A host in no network passes
 * at once.
 */
@Component
public class MeshStep {
  public static final String NAME = "mesh";
  static final Duration WAIT = Duration.ofSeconds(90);
  private static final long POLL_MILLIS = 500;
  private final NetworkRepository networks;
  private final MeshIdentityRepository identities;
  private final MeshRevisionRepository revisions;
  private final MeshChanges changes;

  public MeshStep(NetworkRepository networks, MeshIdentityRepository identities, MeshRevisionRepository revisions, MeshChanges changes) {
    this.networks = networks;
    this.identities = identities;
    this.revisions = revisions;
    this.changes = changes;
  }

  /** @return empty when applied, else why not */
  public Optional<String> apply(UUID hostId) throws InterruptedException {
    if (networks.membershipsOf(hostId).isEmpty()) {
      return Optional.empty();
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean signalled = false;
    String last = "the agent has not reported its WireGuard key";
    while (System.nanoTime() < deadline) {
      heartbeat();
      if (!signalled && !identities.of(List.of(hostId)).isEmpty()) {
        changes.hostChanged(hostId);
        signalled = true;
      }
      Optional<HostMeshState> state = revisions.state(hostId);
      if (state.isPresent()) {
        HostMeshState s = state.get();
        if (s.desiredRevision() > 0 && s.appliedRevision() == s.desiredRevision() && "APPLIED".equals(s.outcome())) {
          return Optional.empty();
        }
        if (s.outcome() != null && List.of("REFUSED", "ROLLED_BACK", "TIMED_OUT", "FAILED").contains(s.outcome())) {
          return Optional.of("mesh revision " + s.desiredRevision() + " " + s.outcome() + ": " + s.detail());
        }
        last = "revision " + s.desiredRevision() + " not applied yet (" + s.outcome() + ")";
      }
      Thread.sleep(POLL_MILLIS);
    }
    return Optional.of("the mesh was not applied within " + WAIT.toSeconds() + " s: " + last);
  }

  private static void heartbeat() {
    try {
      Activity.getExecutionContext().heartbeat(null);
    } catch (IllegalStateException notInAnActivity) {
      // Called outside an activity (tests): nothing to report to.
    }
  }
}
