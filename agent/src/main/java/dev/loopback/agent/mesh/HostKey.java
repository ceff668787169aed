package dev.loopback.agent.mesh;

/**
 * The host's WireGuard key pair. The private half is readable only inside this package, where the
 * backend hands it to WireGuard; {@link #toString()} never shows it.
 */
public final class HostKey {
  private final String privateKey;
  private final String publicKey;

  private HostKey(String privateKey, String publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The pair for a base64 private key; throws {@link IllegalArgumentException} if it is not a WireGuard key. */
  static HostKey fromPrivate(String privateKey) {
    byte[] raw = WireGuardKeys.decode(privateKey);
    try {
      return new HostKey(privateKey, WireGuardKeys.encode(WireGuardKeys.publicOf(raw)));
    } finally {
      WireGuardKeys.wipe(raw);
    }
  }

  /** A new key pair, in memory only: {@link HostKeyFile} is what makes one that survives restarts. */
  public static HostKey generate() {
    byte[] raw = WireGuardKeys.generatePrivate();
    try {
      return fromPrivate(WireGuardKeys.encode(raw));
    } finally {
      WireGuardKeys.wipe(raw);
    }
  }

  /** The base64 public key, as the control plane and the peers know the host. */
  public String publicKey() {
    return publicKey;
  }

  String privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "HostKey[public=" + publicKey + "]";
  }
}
