package dev.loopback.protocol.messages;

import java.util.Optional;

/**
 * Wire type ids. An id is never reused, even after its message is retired: an old peer must never
 * mistake a new message for an old one. Add new types with the next unused id.
 *
 * <p>Direction: A = agent to control plane, C = control plane to agent.
 */
public enum MessageType {
  /** A, request: first join with an install token and a CSR (no client certificate yet). */
  AGENT_ENROLL_REQUEST(1, AgentEnrollRequest.class),
  /** C, response: the host id and its first client certificate. */
  AGENT_ENROLL_RESPONSE(2, AgentEnrollResponse.class),
  /** A, request: opens a session on a mutual-TLS channel. */
  AGENT_HELLO_REQUEST(3, AgentHelloRequest.class),
  /** C, response: the session is open; carries heartbeat settings. */
  AGENT_HELLO_RESPONSE(4, AgentHelloResponse.class),
  /** C, response to an enroll or hello request: why not; the control plane closes the channel after it. */
  REFUSAL(5, Refusal.class),
  /** A, event: liveness, version, facts, module states. */
  HEARTBEAT_EVENT(6, HeartbeatEvent.class),
  /** C, request: a round trip through the agent. */
  PING_REQUEST(7, PingRequest.class),
  /** A, response. */
  PING_RESPONSE(8, PingResponse.class),
  /** A, request: a new certificate for a fresh key, before the current one expires. */
  CERTIFICATE_RENEW_REQUEST(9, CertificateRenewRequest.class),
  /** C, response. */
  CERTIFICATE_RENEW_RESPONSE(10, CertificateRenewResponse.class),
  /** A or C, response: the request was understood but failed. */
  COMMAND_FAILURE(11, CommandFailure.class),
  /** C, request: apply a mesh revision to the host's WireGuard interface. */
  MESH_APPLY_REQUEST(12, MeshApplyRequest.class),
  /** A, response. */
  MESH_APPLY_RESPONSE(13, MeshApplyResponse.class),
  /** A, event: the host's WireGuard public key and listen port. */
  MESH_IDENTITY_EVENT(14, MeshIdentityEvent.class),
  /** A, request: is there a newer published version of a component on my channel? */
  UPDATE_CHECK_REQUEST(15, UpdateCheckRequest.class),
  /** C, response. */
  UPDATE_CHECK_RESPONSE(16, UpdateCheckResponse.class),
  /** C, request: the modules the host should run. */
  MODULES_DESIRED_REQUEST(17, ModulesDesiredRequest.class),
  /** A, response. */
  MODULES_DESIRED_RESPONSE(18, ModulesDesiredResponse.class),
  /** C, request: install this agent release and restart into it. */
  AGENT_UPDATE_REQUEST(19, AgentUpdateRequest.class),
  /** A, response. */
  AGENT_UPDATE_RESPONSE(20, AgentUpdateResponse.class),
  /** A, event: a self-update was rolled back. */
  AGENT_UPDATE_REPORT(21, AgentUpdateReport.class);

  private static final MessageType[] BY_ID = index();
  private final int id;
  private final Class<? extends Message> messageClass;

  MessageType(int id, Class<? extends Message> messageClass) {
    this.id = id;
    this.messageClass = messageClass;
  }

  public int id() {
    return id;
  }

  public Class<? extends Message> messageClass() {
    return messageClass;
  }

  public static Optional<MessageType> byId(int id) {
    return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[id]) : Optional.empty();
  }

  public static MessageType of(Message message) {
    for (MessageType type : values()) {
      if (type.messageClass == message.getClass()) {
        return type;
      }
    }
    throw new IllegalArgumentException("no wire type for " + message.getClass().getName());
  }

  private static MessageType[] index() {
    int max = 0;
    for (MessageType type : values()) {
      max = Math.max(max, type.id);
    }
    MessageType[] byId = new MessageType[max + 1];
    for (MessageType type : values()) {
      if (byId[type.id] != null) {
        throw new ExceptionInInitializerError("duplicate wire type id " + type.id);
      }
      byId[type.id] = type;
    }
    return byId;
  }
}
