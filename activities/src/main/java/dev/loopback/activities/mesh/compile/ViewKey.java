package dev.loopback.activities.mesh.compile;

import java.util.SortedSet;
import java.util.UUID;

/**
 * What a host's peer entries depend on besides the peers themselves: the networks it sees and its
 * keepalive. Hosts with the same key see identical entries, so entries are computed once per key —
 * for a plain network, once for all its members.
 */
record ViewKey(SortedSet<UUID> visible, int keepalive) {
}
