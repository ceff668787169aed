package dev.loopback.db.networks;

import java.time.Instant;
import java.util.UUID;

/** A host in a network, with its stable overlay address (IPv4 text, no prefix). */
public record NetworkMember(UUID networkId, UUID hostId, String address, Instant joinedAt) {
}
