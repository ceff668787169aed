package dev.loopback.protocol.messages;

import java.util.List;

/**
 * One remote host on the mesh interface.
 *
 * @param publicKey the peer's WireGuard public key (base64 of 32 bytes)
 * @param endpoint {@code host:port} to send to, or null when the peer has none known (it will be
 *     learned from its first handshake)
 * @param allowedIps the peer's overlay addresses, each a {@code /32}: one per network and bridge the
 *     two hosts share
 * @param persistentKeepaliveSeconds 0 disables keepalives
 */
public record WireGuardPeer(String publicKey, String endpoint, List<String> allowedIps, int persistentKeepaliveSeconds) {
}
