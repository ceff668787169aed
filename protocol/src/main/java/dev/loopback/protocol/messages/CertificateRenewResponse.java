package dev.loopback.protocol.messages;

public record CertificateRenewResponse(String certificatePem, String caCertificatePem) implements Message {
}
