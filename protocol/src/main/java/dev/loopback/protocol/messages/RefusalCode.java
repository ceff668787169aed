package dev.loopback.protocol.messages;

/** Machine-readable refusal reasons; the agent decides from these whether retrying can help. */
public enum RefusalCode {
  TOKEN_UNKNOWN(false),
  TOKEN_EXPIRED(false),
  TOKEN_REVOKED(false),
  TOKEN_EXHAUSTED(false),
  UNSUPPORTED_PROTOCOL(false),
  BAD_CSR(false),
  /** The certificate names a host that was revoked or removed. */
  HOST_REVOKED(false),
  /** A mutual-TLS request without a client certificate, or an enrollment with one. */
  WRONG_CHANNEL(false),
  RATE_LIMITED(true),
  /** The control plane could not finish the request (e.g. its database is unavailable). */
  UNAVAILABLE(true);

  private final boolean retryable;

  RefusalCode(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
