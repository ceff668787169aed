package dev.loopback.bench;

import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.math.BigInteger;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peer entries shared by every simulated host: in one network all members hold the same entry for
 * a given peer, so one object (and one SHA-256 digest) per distinct entry serves all of them.
 */
final class MeshPeers {
  private final ConcurrentHashMap<WireGuardPeer, Peer> interned = new ConcurrentHashMap<>();

  /** An entry and its {@link MeshHash#digest}; ordered by public key, which is how hosts keep them. */
  record Peer(String publicKey, WireGuardPeer entry, BigInteger digest) implements Comparable<Peer> {
    @Override
    public int compareTo(Peer other) {
      return publicKey.compareTo(other.publicKey);
    }
  }

  Peer intern(WireGuardPeer entry) {
    return interned.computeIfAbsent(entry, e -> new Peer(e.publicKey(), e, MeshHash.digest(e)));
  }

  /** Binary search by key: the index, or {@code -(insertion point) - 1}. */
  static int find(Peer[] peers, String key) {
    int low = 0;
    int high = peers.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int cmp = peers[mid].publicKey.compareTo(key);
      if (cmp < 0) {
        low = mid + 1;
      } else if (cmp > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  static Peer[] without(Peer[] peers, int at) {
    Peer[] next = new Peer[peers.length - 1];
    System.arraycopy(peers, 0, next, 0, at);
    System.arraycopy(peers, at + 1, next, at, peers.length - at - 1);
    return next;
  }

  static Peer[] with(Peer[] peers, int at, Peer peer) {
    Peer[] next = new Peer[peers.length + 1];
    System.arraycopy(peers, 0, next, 0, at);
    next[at] = peer;
    System.arraycopy(peers, at, next, at + 1, peers.length - at);
    return next;
  }
}
