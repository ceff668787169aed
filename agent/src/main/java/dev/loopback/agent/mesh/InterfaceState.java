package dev.loopback.agent.mesh;

import java.time.Instant;
import java.util.List;

/**
 * The mesh interface as the machine reports it, for verification.
 *
 * @param index the kernel's ifindex: a new one means the interface was re-created
 * @param addresses the interface's addresses with their prefix lengths, link-local ones left out
 */
public record InterfaceState(int index, boolean up, int mtu, String publicKey, int listenPort, List<IpPrefix> addresses,
    List<Peer> peers) {

  /**
   * @param endpoint {@code ip:port} as WireGuard resolved or learned it, null when none
   * @param latestHandshake null when the peer never completed a handshake
   * @param receivedBytes bytes received from the peer: only authenticated packets count, so growth
   *     proves a working session with it
   */
  public record Peer(String publicKey, String endpoint, List<IpPrefix> allowedIps, Instant latestHandshake,
      long receivedBytes, int persistentKeepaliveSeconds) {
  }
}
