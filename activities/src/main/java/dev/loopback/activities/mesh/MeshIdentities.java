package dev.loopback.activities.mesh;

import dev.loopback.db.networks.MeshIdentityRepository;
import dev.loopback.db.networks.MeshRevisionRepository;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records the WireGuard identity agents report for their hosts — the public key (the private one
 * stays on the host), the port, and the address the agent connects from as its endpoint — after
 * every connect — and the revision its interface runs. A new or changed identity, or a host that
 * does not run its desired revision (it was away), makes its networks run a round.
 */
@Component
public class MeshIdentities {
  private static final Logger log = LoggerFactory.getLogger(MeshIdentities.class);
  private final MeshIdentityRepository identities;
  private final MeshRevisionRepository revisions;
  private final MeshChanges changes;
  private final Clock clock;

  public MeshIdentities(MeshIdentityRepository identities, MeshRevisionRepository revisions, MeshChanges changes, Clock clock) {
    this.identities = identities;
    this.revisions = revisions;
    this.changes = changes;
    this.clock = clock;
  }

  /**
   * @param endpointHost the address the agent's channel comes from
   * @return true when the host's networks were told to run a round
   */
  public boolean record(UUID hostId, MeshIdentityEvent event, String endpointHost) {
    if (!isKey(event.publicKey()) || event.listenPort() < 1 || event.listenPort() > 65535) {
      log.atWarn().addKeyValue("hostId", hostId).addKeyValue("listenPort", event.listenPort())
          .log("Ignoring a mesh identity that is not a WireGuard public key and port");
      return false;
    }
    boolean changed = identities.record(hostId, event.publicKey(), event.listenPort(), endpointHost, clock.instant());
    if (event.runningRevision() != null && event.runningHash() != null) {
      // A reconnect must not cost a whole configuration: what the host runs is the base of its next delta.
      revisions.recordRunning(hostId, event.runningRevision(), event.runningHash(), clock.instant());
    }
    boolean behind = revisions.state(hostId).map(state -> state.appliedRevision() != state.desiredRevision()).orElse(false);
    if (changed || behind) {
      changes.hostChangedQuietly(hostId);
    }
    return changed || behind;
  }

  /** WireGuard keys are 32 bytes, base64. */
  static boolean isKey(String text) {
    try {
      return text != null && text.length() == 44 && Base64.getDecoder().decode(text).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
