package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.util.stream.Collectors;

/**
 * The configuration in {@code wg}'s own format (wg-quick's, stripped of Address, MTU and the other
 * wg-quick-only keys), for {@code wg syncconf}. Every key is written even at its default: syncconf
 * leaves a setting the file omits as it was, so an omitted "PersistentKeepalive = 0" would keep an
 * old keepalive alive.
 */
final class WgConfigFile {
  private WgConfigFile() {
  }

  static String render(WireGuardConfig config, HostKey key) {
    StringBuilder text = new StringBuilder()
        .append("[Interface]\n")
        .append("PrivateKey = ").append(key.privateKey()).append('\n')
        .append("ListenPort = ").append(config.listenPort()).append('\n');
    for (WireGuardPeer peer : config.peers()) {
      text.append("\n[Peer]\n")
          .append("PublicKey = ").append(peer.publicKey()).append('\n');
      if (peer.endpoint() != null) {
        text.append("Endpoint = ").append(peer.endpoint()).append('\n');
      }
      text.append("AllowedIPs = ")
          .append(peer.allowedIps().stream().map(ip -> IpPrefix.parse(ip, true).toString()).collect(Collectors.joining(", ")))
          .append('\n')
          .append("PersistentKeepalive = ").append(peer.persistentKeepaliveSeconds()).append('\n');
    }
    return text.toString();
  }
}
