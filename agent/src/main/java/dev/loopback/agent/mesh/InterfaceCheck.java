package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Does the interface, read back from the machine, have exactly what was applied? Endpoints are not
 * compared: WireGuard resolves names and follows a peer that roams, so its endpoint legitimately
 * differs from the configured one.
 */
final class InterfaceCheck {
  private InterfaceCheck() {
  }

  /** Why {@code state} is not {@code config}, or empty when it is. */
  static Optional<String> mismatch(Optional<InterfaceState> read, String name, WireGuardConfig config, HostKey key) {
    if (read.isEmpty()) {
      return Optional.of("verification: " + name + " does not exist");
    }
    InterfaceState state = read.get();
    int mtu = config.mtu() == 0 ? MeshConfigValidator.DEFAULT_MTU : config.mtu();
    Set<IpPrefix> addresses = new HashSet<>(config.addresses().stream().map(a -> IpPrefix.parse(a, false)).toList());
    if (!state.up()) {
      return Optional.of("verification: " + name + " is down");
    } else if (!key.publicKey().equals(state.publicKey())) {
      return Optional.of("verification: " + name + " has public key " + state.publicKey() + ", not this host's " + key.publicKey());
    } else if (state.listenPort() != config.listenPort()) {
      return Optional.of("verification: " + name + " listens on port " + state.listenPort() + ", not " + config.listenPort());
    } else if (state.mtu() != mtu) {
      return Optional.of("verification: " + name + " has mtu " + state.mtu() + ", not " + mtu);
    } else if (!new HashSet<>(state.addresses()).equals(addresses)) {
      return Optional.of("verification: " + name + " has addresses " + state.addresses() + ", not " + addresses);
    }
    return peers(state.peers(), config.peers(), name);
  }

  private static Optional<String> peers(List<InterfaceState.Peer> actual, List<WireGuardPeer> wanted, String name) {
    Map<String, InterfaceState.Peer> byKey = new HashMap<>();
    actual.forEach(peer -> byKey.put(peer.publicKey(), peer));
    for (WireGuardPeer peer : wanted) {
      InterfaceState.Peer found = byKey.remove(peer.publicKey());
      if (found == null) {
        return Optional.of("verification: " + name + " lacks peer " + peer.publicKey());
      }
      Set<IpPrefix> allowed = new HashSet<>(peer.allowedIps().stream().map(ip -> IpPrefix.parse(ip, true)).toList());
      if (!new HashSet<>(found.allowedIps()).equals(allowed)) {
        return Optional.of("verification: peer " + peer.publicKey() + " has allowed IPs " + found.allowedIps() + ", not " + allowed);
      }
      if (found.persistentKeepaliveSeconds() != peer.persistentKeepaliveSeconds()) {
        return Optional.of("verification: peer " + peer.publicKey() + " has keepalive " + found.persistentKeepaliveSeconds()
            + "s, not " + peer.persistentKeepaliveSeconds() + "s");
      }
    }
    if (!byKey.isEmpty()) {
      return Optional.of("verification: " + name + " has peers that were not asked for: " + byKey.keySet());
    }
    return Optional.empty();
  }
}
