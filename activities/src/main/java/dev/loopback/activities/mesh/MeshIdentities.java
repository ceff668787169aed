package dev.loopback.activities.mesh;

import dev.loopback.db.networks.MeshIdentityRepository;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Records the WireGuard identity agents report for their hosts (the public key; the private one stays on the host). */
@Component
public class MeshIdentities {
  private static final Logger log = LoggerFactory.getLogger(MeshIdentities.class);
  private final MeshIdentityRepository identities;
  private final Clock clock;

  public MeshIdentities(MeshIdentityRepository identities, Clock clock) {
    this.identities = identities;
    this.clock = clock;
  }

  /** @return true when the host's identity is new or changed; a malformed one is logged and ignored */
  public boolean record(UUID hostId, MeshIdentityEvent event) {
    if (!isKey(event.publicKey()) || event.listenPort() < 1 || event.listenPort() > 65535) {
      log.atWarn().addKeyValue("hostId", hostId).addKeyValue("listenPort", event.listenPort())
          .log("Ignoring a mesh identity that is not a WireGuard public key and port");
      return false;
    }
    return identities.record(hostId, event.publicKey(), event.listenPort(), clock.instant());
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
