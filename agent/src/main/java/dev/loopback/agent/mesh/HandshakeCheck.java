package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits for proof that the applied configuration carries traffic: a handshake with a sampled peer
 * newer than the apply, or, with a peer whose session survived the apply (syncconf keeps sessions of
 * unchanged peers, and WireGuard does not handshake again while a session is fresh), bytes received
 * from it since. Only authenticated packets count as received, so either proves a working session.
 *
 * <p>WireGuard handshakes only when it has something to send, so each round probes the sampled
 * peers' overlay addresses. A peer answers a probe at once (an ICMP port-unreachable through the
 * tunnel) or, where it filters those, with its passive keepalive within 10 s: a verification timeout
 * of 15 s or more does not depend on the peer's firewall.
 *
 * <p>One answering peer of the sample is enough: it proves this host's key, port and routes work,
 * and requiring all would let a single peer that happens to be down roll back every change to its
 * network. Sampling keeps the wait and the probe traffic small in a large mesh.
 */
final class HandshakeCheck {
  static final int SAMPLE = 3;
  static final Duration ROUND = Duration.ofSeconds(1);

  private final WireGuardBackend backend;
  private final Clock clock;
  private final Pause pause;

  HandshakeCheck(WireGuardBackend backend, Clock clock, Pause pause) {
    this.backend = backend;
    this.clock = clock;
    this.pause = pause;
  }

  /** Empty when a sampled peer answered, or when there is nothing to wait for; else why not. */
  Optional<String> await(WireGuardConfig config, Instant appliedAt, long timeoutMillis) {
    List<WireGuardPeer> sample = config.peers().stream().filter(peer -> peer.endpoint() != null).limit(SAMPLE).toList();
    if (timeoutMillis <= 0 || sample.isEmpty()) {
      return Optional.empty();
    }
    Instant deadline = clock.instant().plusMillis(timeoutMillis);
    Map<String, Long> receivedBefore = received(backend.read());
    while (true) {
      for (WireGuardPeer peer : sample) {
        backend.probe(IpPrefix.parse(peer.allowedIps().get(0), true).inetAddress());
      }
      Duration left = Duration.between(clock.instant(), deadline);
      try {
        pause.pause(left.compareTo(ROUND) < 0 ? (left.isNegative() ? Duration.ZERO : left) : ROUND);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("verification: interrupted while waiting for a handshake");
      }
      Optional<InterfaceState> state = backend.read();
      if (state.isPresent() && answered(state.get(), sample, appliedAt, receivedBefore)) {
        return Optional.empty();
      }
      if (!clock.instant().isBefore(deadline)) {
        return Optional.of("verification: none of the sampled peers " + sample.stream().map(WireGuardPeer::publicKey).toList()
            + " completed a handshake or sent anything within " + timeoutMillis + "ms");
      }
    }
  }

  private static boolean answered(InterfaceState state, List<WireGuardPeer> sample, Instant appliedAt, Map<String, Long> receivedBefore) {
    for (InterfaceState.Peer peer : state.peers()) {
      if (sample.stream().noneMatch(wanted -> wanted.publicKey().equals(peer.publicKey())) || peer.latestHandshake() == null) {
        continue;
      }
      // wg reports handshakes in whole seconds.
      boolean freshHandshake = peer.latestHandshake().getEpochSecond() >= appliedAt.getEpochSecond();
      boolean heardSince = peer.receivedBytes() > receivedBefore.getOrDefault(peer.publicKey(), Long.MAX_VALUE);
      if (freshHandshake || heardSince) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Long> received(Optional<InterfaceState> state) {
    Map<String, Long> received = new HashMap<>();
    state.ifPresent(s -> s.peers().forEach(peer -> received.put(peer.publicKey(), peer.receivedBytes())));
    return received;
  }
}
