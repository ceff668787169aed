package dev.loopback.protocol.messages;

/** A CSR for a fresh key pair; the host keeps using its current certificate until the new one arrives. */
public record CertificateRenewRequest(String csrPem) implements Message {
}
