package dev.loopback.bench;

import dev.loopback.agent.mesh.Mesh;
import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshDelta;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A host's WireGuard interface that exists only in the simulator: a real X25519 key (the public
 * half, as the agent reports it), and the configuration the control plane pushed, kept in memory.
 * Like the real agent it applies a delta only on the revision and hash it names (else refuses with
 * {@link MeshApplyRequest#BASE_MISMATCH}) and applies nothing whose {@link MeshHash} differs from the
 * request's.
 *
 * <p>10,000 hosts with 10,000 peers each are 10⁸ entries, so peers are interned ({@link MeshPeers}:
 * equal entries shared by all hosts, digests computed once) and each host holds a sorted array of
 * references, and hashes are kept up to date by adding and taking away digests — the same sum
 * {@code MeshHash.of} computes, without rehashing 10,000 peers on every delta.
 */
final class SimulatedMesh implements Mesh {
  static final int LISTEN_PORT = 51820;
  private final String publicKey;
  private final MeshPeers pool;
  private final MeshCounters counters;
  private long revision;
  private MeshHash hash = MeshHash.empty();
  private WireGuardConfig bare;
  private MeshPeers.Peer[] peers = new MeshPeers.Peer[0];
  private volatile int peerCount;
  private volatile long appliedNanos;

  SimulatedMesh(MeshPeers pool, MeshCounters counters) {
    this.pool = pool;
    this.counters = counters;
    try {
      byte[] encoded = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
      // X.509 SubjectPublicKeyInfo of an X25519 key: a fixed 12-byte header, then the raw 32 bytes wg uses.
      this.publicKey = Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no X25519", e);
    }
  }

  @Override
  public synchronized Optional<MeshIdentityEvent> identity() {
    return Optional.of(revision == 0 ? new MeshIdentityEvent(publicKey, LISTEN_PORT)
        : new MeshIdentityEvent(publicKey, LISTEN_PORT, revision, hash.text()));
  }

  @Override
  public synchronized CompletableFuture<MeshApplyResponse> apply(MeshApplyRequest request) {
    MeshApplyResponse response = request.config() != null ? applyFull(request) : applyDelta(request);
    counters.answered(response, request.delta() != null);
    return CompletableFuture.completedFuture(response);
  }

  private MeshApplyResponse applyFull(MeshApplyRequest request) {
    WireGuardConfig config = request.config();
    if (!publicKey.equals(config.publicKey())) {
      return refuse(request, "config.publicKey is not this host's key");
    }
    MeshPeers.Peer[] next = new MeshPeers.Peer[config.peers().size()];
    Set<String> keys = new HashSet<>();
    MeshHash sum = MeshHash.empty().plusInterface(config);
    for (int i = 0; i < next.length; i++) {
      WireGuardPeer peer = config.peers().get(i);
      if (!keys.add(peer.publicKey())) {
        return refuse(request, "config.peers lists " + peer.publicKey() + " twice");
      }
      next[i] = pool.intern(peer);
      sum = sum.plus(next[i].digest());
    }
    Arrays.sort(next);
    return commit(request, sum, new WireGuardConfig(config.publicKey(), config.listenPort(), config.mtu(), config.addresses(),
        config.networks(), List.of()), next);
  }

  private MeshApplyResponse applyDelta(MeshApplyRequest request) {
    MeshDelta delta = request.delta();
    if (bare == null || delta.baseRevision() != revision || !hash.text().equals(delta.baseHash())) {
      return refuse(request, MeshApplyRequest.BASE_MISMATCH + ": this host is on revision " + revision);
    }
    MeshPeers.Peer[] next = peers;
    MeshHash sum = hash;
    for (String key : delta.removals()) {
      int at = MeshPeers.find(next, key);
      if (at >= 0) {
        sum = sum.plus(next[at].digest().negate());
        next = MeshPeers.without(next, at);
      }
    }
    Set<String> seen = new HashSet<>();
    for (WireGuardPeer upsert : delta.upserts()) {
      if (!seen.add(upsert.publicKey())) {
        return refuse(request, "delta.upserts lists peer " + upsert.publicKey() + " twice");
      }
      MeshPeers.Peer peer = pool.intern(upsert);
      int at = MeshPeers.find(next, upsert.publicKey());
      if (at >= 0) {
        sum = sum.plus(next[at].digest().negate());
        next = next == peers ? next.clone() : next;
        next[at] = peer;
      } else {
        next = MeshPeers.with(next, -at - 1, peer);
      }
      sum = sum.plus(peer.digest());
    }
    return commit(request, sum, bare, next);
  }

  private MeshApplyResponse commit(MeshApplyRequest request, MeshHash sum, WireGuardConfig interfacePart, MeshPeers.Peer[] next) {
    if (!sum.text().equals(request.hash())) {
      return refuse(request, "hash mismatch: the configuration has " + sum.text());
    }
    revision = request.revision();
    hash = sum;
    bare = interfacePart;
    peers = next;
    peerCount = next.length;
    appliedNanos = System.nanoTime();
    return new MeshApplyResponse(request.revision(), MeshApplyOutcome.APPLIED, null, request.revision());
  }

  private MeshApplyResponse refuse(MeshApplyRequest request, String reason) {
    return new MeshApplyResponse(request.revision(), MeshApplyOutcome.REFUSED, reason, revision);
  }

  String publicKey() {
    return publicKey;
  }

  int peerCount() {
    return peerCount;
  }

  /** {@link System#nanoTime} of the last applied revision; 0 before the first. */
  long appliedNanos() {
    return appliedNanos;
  }
}
