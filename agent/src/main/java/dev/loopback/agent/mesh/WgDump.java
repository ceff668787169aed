package dev.loopback.agent.mesh;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wg show <interface> dump}: tab-separated, first the interface (private key, public key,
 * listen port, fwmark), then one line per peer (public key, preshared key, endpoint, allowed IPs,
 * latest handshake in epoch seconds, bytes received, bytes sent, persistent keepalive). The private
 * key is skipped here and never kept.
 */
record WgDump(String publicKey, int listenPort, List<InterfaceState.Peer> peers) {
  private static final String NONE = "(none)";

  static WgDump parse(String output) {
    String[] lines = output.strip().split("\n");
    String[] device = fields(lines[0], 4);
    List<InterfaceState.Peer> peers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] peer = fields(lines[i], 8);
      List<IpPrefix> allowed = new ArrayList<>();
      if (!peer[3].equals(NONE)) {
        for (String ip : peer[3].split(",")) {
          allowed.add(IpPrefix.parse(ip.strip(), true));
        }
      }
      long handshake = Long.parseLong(peer[4]);
      peers.add(new InterfaceState.Peer(peer[0], peer[2].equals(NONE) ? null : peer[2], List.copyOf(allowed),
          handshake == 0 ? null : Instant.ofEpochSecond(handshake), Long.parseLong(peer[5]),
          peer[7].equals("off") ? 0 : Integer.parseInt(peer[7])));
    }
    return new WgDump(device[1].equals(NONE) ? null : device[1], Integer.parseInt(device[2]), List.copyOf(peers));
  }

  private static String[] fields(String line, int count) {
    String[] fields = line.split("\t");
    if (fields.length != count) {
      throw new IllegalArgumentException("expected " + count + " tab-separated fields in `wg show dump` output, got " + fields.length);
    }
    return fields;
  }
}
