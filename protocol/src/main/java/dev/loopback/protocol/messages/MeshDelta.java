package dev.loopback.protocol.messages;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The peers that change between two revisions of one host's mesh: what makes one host joining a
 * 10,000-host network cost every other host one peer, not a new list of 10,000. The interface part
 * (key, port, MTU, addresses, networks) never changes in a delta; when it does, the whole
 * configuration is sent.
 *
 * @param upserts peers added or changed, by public key
 * @param removals public keys of peers to remove (a peer whose key changed is removed by its old key)
 */
public record MeshDelta(long baseRevision, String baseHash, List<WireGuardPeer> upserts, List<String> removals) {
  public MeshDelta {
    upserts = upserts == null ? List.of() : List.copyOf(upserts);
    removals = removals == null ? List.of() : List.copyOf(removals);
  }

  /** The base configuration with this delta applied: removals first, then upserts replace or add by key. */
  public WireGuardConfig applyTo(WireGuardConfig base) {
    Map<String, WireGuardPeer> peers = new LinkedHashMap<>();
    base.peers().forEach(peer -> peers.put(peer.publicKey(), peer));
    removals.forEach(peers::remove);
    Set<String> seen = new HashSet<>();
    for (WireGuardPeer peer : upserts) {
      if (!seen.add(peer.publicKey())) {
        throw new IllegalArgumentException("delta.upserts lists peer " + peer.publicKey() + " twice");
      }
      peers.put(peer.publicKey(), peer);
    }
    return new WireGuardConfig(base.publicKey(), base.listenPort(), base.mtu(), base.addresses(), base.networks(),
        new ArrayList<>(peers.values()));
  }
}
