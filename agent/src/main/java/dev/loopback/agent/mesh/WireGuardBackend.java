package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.WireGuardConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The one way the mesh changes or reads the machine. Methods throw {@link MeshBackendException} when
 * the machine refuses; callers are serialised by {@link MeshApplier}, so implementations need not be
 * thread-safe against themselves.
 */
public interface WireGuardBackend {
  String interfaceName();

  /**
   * Makes the interface what {@code config} says, creating it if it is absent and otherwise changing
   * it live: peers whose settings did not change keep their sessions. {@code config} has been
   * validated; a zero MTU means WireGuard's default, 1420.
   */
  void apply(WireGuardConfig config, HostKey key);

  /** The interface as it is now; empty when it does not exist. */
  Optional<InterfaceState> read();

  /** Removes the interface, and with it its addresses and routes; nothing happens when it is absent. */
  void remove();

  /** The host's routes on any other device: the underlay, which the overlay must not overlap. */
  List<Route> underlayRoutes();

  /**
   * Sends one small datagram to {@code overlayAddress} through the mesh. WireGuard handshakes only
   * when it has a packet to send, so this is how verification gets a peer to answer. Best effort: a
   * failure to send is not reported.
   */
  void probe(InetAddress overlayAddress);
}
