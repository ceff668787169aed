package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A valid configuration for a host with two peers on 10.90.0.0/16, to change one field at a time. */
final class MeshConfigs {
  String publicKey;
  int listenPort = 51820;
  int mtu = 0;
  List<String> addresses = new ArrayList<>(List.of("10.90.0.1/16"));
  List<String> networks = new ArrayList<>(List.of("10.90.0.0/16"));
  List<WireGuardPeer> peers = new ArrayList<>();

  MeshConfigs(HostKey host, String... peerKeys) {
    publicKey = host.publicKey();
    for (int i = 0; i < peerKeys.length; i++) {
      peers.add(new WireGuardPeer(peerKeys[i], "192.0.2." + (10 + i) + ":51820", List.of("10.90.0." + (2 + i) + "/32"), 25));
    }
  }

  static String newPeerKey() {
    return HostKey.generate().publicKey();
  }

  MeshConfigs peer(int index, WireGuardPeer peer) {
    peers.set(index, peer);
    return this;
  }

  WireGuardPeer peer(int index) {
    return peers.get(index);
  }

  WireGuardConfig build() {
    // Not List.copyOf: a test may put a null peer in, as a JSON null would.
    return new WireGuardConfig(publicKey, listenPort, mtu, List.copyOf(addresses), List.copyOf(networks),
        Collections.unmodifiableList(new ArrayList<>(peers)));
  }
}
