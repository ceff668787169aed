package dev.loopback.protocol.messages;

/**
 * A protocol message. Each implementation has exactly one {@link MessageType} and travels as that
 * type's id plus a JSON payload. Requests expect exactly one response with the same correlation id;
 * events ({@link HeartbeatEvent}) carry correlation id 0 and expect none.
 */
public sealed interface Message permits AgentEnrollRequest, AgentEnrollResponse, AgentHelloRequest, AgentHelloResponse,
    Refusal, HeartbeatEvent, PingRequest, PingResponse, CertificateRenewRequest, CertificateRenewResponse, CommandFailure, MeshApplyRequest,
    MeshApplyResponse, MeshIdentityEvent, UpdateCheckRequest, UpdateCheckResponse,
    ModulesDesiredRequest, ModulesDesiredResponse, AgentUpdateRequest, AgentUpdateResponse, AgentUpdateReport {
}
