package dev.loopback.protocol.messages;

/**
 * The next version, or {@code available} false (the 204 of the HTTP check). {@code url} is the
 * package's path on the control plane's HTTP API; the agent checks its SHA-512 and the signature
 * (a {@code PackageStatement} signed by {@code signatureKeyId}) before it uses a byte of it.
 */
public record UpdateCheckResponse(boolean available, String component, String version, String channel, String arch, String format,
    long size, String sha512, String signature, String signatureKeyId, String url, String notes) implements Message {

  public static UpdateCheckResponse none() {
    return new UpdateCheckResponse(false, null, null, null, null, null, 0, null, null, null, null, null);
  }
}
