package dev.loopback.db.networks;

import java.time.Instant;
import java.util.UUID;

/** A WireGuard overlay network of a workspace; {@code cidr} is IPv4 text such as {@code 10.90.0.0/16}. */
public record Network(UUID id, UUID organizationId, UUID workspaceId, String name, String cidr, int mtu,
    int persistentKeepalive, Instant createdAt) {
}
