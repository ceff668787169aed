package dev.loopback.activities.mesh.compile;

/** The key and port a host's agent reported; the private key stays on the host. */
public record HostIdentity(String publicKey, int listenPort) {
}
