package dev.loopback.protocol.messages;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The content hash of a mesh configuration: the SHA-256 of its interface part plus the SHA-256 of
 * each peer, added modulo 2^256 (an additive multiset hash). Peer order does not matter, and adding
 * or removing one peer changes the hash in O(1) — so the control plane keeps 10,000 hosts' hashes
 * current through a join without re-reading 10,000 peer lists, and the agent checks that a delta
 * brought it to exactly the configuration the control plane meant.
 */
public final class MeshHash {
  private static final String PREFIX = "msha256:";
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
  private static final MeshHash ZERO = new MeshHash(BigInteger.ZERO);
  private final BigInteger sum;

  private MeshHash(BigInteger sum) {
    this.sum = sum.mod(MODULUS);
  }

  public static MeshHash empty() {
    return ZERO;
  }

  public static MeshHash of(WireGuardConfig config) {
    MeshHash hash = ZERO.plusInterface(config);
    for (WireGuardPeer peer : config.peers()) {
      hash = hash.plus(peer);
    }
    return hash;
  }

  public static String text(WireGuardConfig config) {
    return of(config).text();
  }

  public static MeshHash parse(String text) {
    if (text == null || !text.startsWith(PREFIX) || text.length() != PREFIX.length() + 64) {
      throw new IllegalArgumentException("not a mesh hash: " + text);
    }
    return new MeshHash(new BigInteger(text.substring(PREFIX.length()), 16));
  }

  public MeshHash plus(WireGuardPeer peer) {
    return new MeshHash(sum.add(digest(peer)));
  }

  public MeshHash minus(WireGuardPeer peer) {
    return new MeshHash(sum.subtract(digest(peer)));
  }

  /** Adds a sum of {@link #digest peer digests} (negative to take them away). */
  public MeshHash plus(BigInteger digests) {
    return new MeshHash(sum.add(digests));
  }

  public MeshHash plusInterface(WireGuardConfig config) {
    return new MeshHash(sum.add(interfaceDigest(config)));
  }

  public String text() {
    String hex = sum.toString(16);
    return PREFIX + "0".repeat(64 - hex.length()) + hex;
  }

  /** The digest one peer entry adds; allowed IPs are a set, so they are sorted first. */
  public static BigInteger digest(WireGuardPeer peer) {
    return sha256("peer\n" + peer.publicKey() + "\n" + (peer.endpoint() == null ? "" : peer.endpoint()) + "\n"
        + sorted(peer.allowedIps()) + "\n" + peer.persistentKeepaliveSeconds());
  }

  private static BigInteger interfaceDigest(WireGuardConfig config) {
    return sha256("interface\n" + config.publicKey() + "\n" + config.listenPort() + "\n" + config.mtu() + "\n"
        + sorted(config.addresses()) + "\n" + sorted(config.networks()));
  }

  private static String sorted(List<String> values) {
    return values == null ? "" : String.join(",", values.stream().sorted().toList());
  }

  private static BigInteger sha256(String canonical) {
    try {
      return new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MeshHash hash && hash.sum.equals(sum);
  }

  @Override
  public int hashCode() {
    return sum.hashCode();
  }

  @Override
  public String toString() {
    return text();
  }
}
