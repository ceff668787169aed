package dev.loopback.db.networks;

import java.util.UUID;

/** A network member with what its peers need: address, and once reported, key, port and endpoint (nulls until then). */
public record MemberIdentity(UUID hostId, String address, String publicKey, Integer listenPort, String endpoint) {
}
