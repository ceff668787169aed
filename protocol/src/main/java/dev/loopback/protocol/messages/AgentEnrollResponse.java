package dev.loopback.protocol.messages;

/** The host's identity: its id, its first client certificate and the CA that signs the gateway's certificate. */
public record AgentEnrollResponse(String hostId, String workspaceId, String certificatePem, String caCertificatePem)
    implements Message {
}
