package dev.loopback.protocol.messages;

import java.util.List;

/**
 * Everything one host's mesh interface should be: the merge of all the networks the host is in.
 * The private key never leaves the host; {@code publicKey} is the control plane's record of it, which
 * the agent checks against its own key before applying anything.
 *
 * @param addresses the host's own overlay addresses with their network's prefix, e.g. {@code 10.90.0.7/16}
 * @param networks every overlay CIDR involved (the host's networks and bridged ones): all addresses
 *     and allowed IPs must lie inside them
 */
public record WireGuardConfig(String publicKey, int listenPort, int mtu, List<String> addresses, List<String> networks,
    List<WireGuardPeer> peers) {
}
