package dev.loopback.activities.mesh.compile;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one host's mesh revision is made of, as stored in {@code mesh_revisions}: the host's own key
 * and port, and the network snapshot revisions it sees. The configuration follows from these alone.
 */
public record Composition(String publicKey, int listenPort, SortedMap<UUID, Long> networks) {
  public Composition {
    networks = new TreeMap<>(networks);
  }

  public static Composition none(HostIdentity identity) {
    return new Composition(identity.publicKey(), identity.listenPort(), new TreeMap<>());
  }

  public HostIdentity identity() {
    return new HostIdentity(publicKey, listenPort);
  }

  public Map<UUID, Long> networkRevisions() {
    return networks;
  }
}
