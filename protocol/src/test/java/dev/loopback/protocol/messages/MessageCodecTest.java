package dev.loopback.protocol.messages;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.protocol.wire.Frame;
import dev.loopback.protocol.wire.FrameDecoder;
import dev.loopback.protocol.wire.FrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void roundTripsEveryMessageTypeThroughTheWholePipeline(MessageType type) {
    Envelope sent = new Envelope(0x7FFF_FFFF_0000_0001L, SampleMessages.of(type));
    EmbeddedChannel sender = pipeline();
    EmbeddedChannel receiver = pipeline();
    try {
      sender.writeOutbound(sent);
      receiver.writeInbound((ByteBuf) sender.readOutbound());

      assertThat((Envelope) receiver.readInbound()).isEqualTo(sent);
    } finally {
      sender.finishAndReleaseAll();
      receiver.finishAndReleaseAll();
    }
  }

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void sendsEachMessageUnderItsOwnTypeId(MessageType type) throws Exception {
    Frame frame = MessageCodec.toFrame(new Envelope(5, SampleMessages.of(type)));

    assertThat(frame.type()).isEqualTo(type.id());
    assertThat(frame.correlationId()).isEqualTo(5);
  }

  @Test
  void keepsTheWireTypeIdsTheyWereGiven() {
    // Literal on purpose: an id on the wire is a promise to every deployed agent. Renumbering or
    // reusing an id must fail here; a new type is added at the end with the next id.
    assertThat(List.of(MessageType.values()))
        .extracting(type -> type.id() + " " + type + " " + type.messageClass().getSimpleName())
        .containsExactly(
            "1 AGENT_ENROLL_REQUEST AgentEnrollRequest",
            "2 AGENT_ENROLL_RESPONSE AgentEnrollResponse",
            "3 AGENT_HELLO_REQUEST AgentHelloRequest",
            "4 AGENT_HELLO_RESPONSE AgentHelloResponse",
            "5 REFUSAL Refusal",
            "6 HEARTBEAT_EVENT HeartbeatEvent",
            "7 PING_REQUEST PingRequest",
            "8 PING_RESPONSE PingResponse",
            "9 CERTIFICATE_RENEW_REQUEST CertificateRenewRequest",
            "10 CERTIFICATE_RENEW_RESPONSE CertificateRenewResponse",
            "11 COMMAND_FAILURE CommandFailure",
            "12 MESH_APPLY_REQUEST MeshApplyRequest",
            "13 MESH_APPLY_RESPONSE MeshApplyResponse",
            "14 MESH_IDENTITY_EVENT MeshIdentityEvent",
            "15 UPDATE_CHECK_REQUEST UpdateCheckRequest",
            "16 UPDATE_CHECK_RESPONSE UpdateCheckResponse",
            "17 MODULES_DESIRED_REQUEST ModulesDesiredRequest",
            "18 MODULES_DESIRED_RESPONSE ModulesDesiredResponse",
            "19 AGENT_UPDATE_REQUEST AgentUpdateRequest",
            "20 AGENT_UPDATE_RESPONSE AgentUpdateResponse",
            "21 AGENT_UPDATE_REPORT AgentUpdateReport");
  }

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void findsEachTypeByItsId(MessageType type) {
    assertThat(MessageType.byId(type.id())).contains(type);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 22, 999, 0xFFFF})
  void refusesAnUnknownTypeIdNamingIt(int id) {
    Frame frame = new Frame(id, 1, "{}".getBytes(UTF_8));

    assertThatThrownBy(() -> MessageCodec.fromFrame(frame))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessage("unknown message type " + id);
  }

  @Test
  void refusesAPayloadThatIsNotJson() {
    assertThatThrownBy(() -> decode(MessageType.PING_REQUEST, "ping?"))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("PING_REQUEST payload is not valid");
  }

  @Test
  void refusesAPayloadThatIsNotUtf8() {
    byte[] latin1 = "{\"requestId\":\"h\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> MessageCodec.fromFrame(new Frame(MessageType.PING_REQUEST.id(), 1, latin1)))
        .isExactlyInstanceOf(CorruptedFrameException.class);
  }

  @Test
  void refusesAnEmptyPayload() {
    assertThatThrownBy(() -> decode(MessageType.PING_REQUEST, ""))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("PING_REQUEST payload");
  }

  @Test
  void refusesAPayloadWithMoreAfterItsJson() {
    assertThatThrownBy(() -> decode(MessageType.PING_REQUEST, "{\"requestId\":\"r-1\"} {\"requestId\":\"r-2\"}"))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("PING_REQUEST payload is not valid");
  }

  @Test
  void refusesJsonNull() {
    assertThatThrownBy(() -> decode(MessageType.HEARTBEAT_EVENT, "null"))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessage("HEARTBEAT_EVENT payload is JSON null");
  }

  @Test
  void refusesAJsonValueThatIsNotAnObject() {
    assertThatThrownBy(() -> decode(MessageType.AGENT_HELLO_REQUEST, "[1, \"0.4.2\"]"))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("AGENT_HELLO_REQUEST payload is not valid");
  }

  @Test
  void refusesTextWhereANumberIsExpected() {
    assertThatThrownBy(() -> decode(MessageType.AGENT_HELLO_REQUEST, "{\"protocolVersion\":\"one\",\"agentVersion\":\"0.4.2\"}"))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("AGENT_HELLO_REQUEST payload is not valid")
        .hasMessageContaining("\"one\"");
  }

  @Test
  void refusesNullForANumber() {
    assertThatThrownBy(() -> decode(MessageType.PING_RESPONSE, "{\"requestId\":\"r\",\"agentVersion\":\"1\",\"uptimeSeconds\":null}"))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("PING_RESPONSE payload is not valid");
  }

  @Test
  void refusesAMissingNumberRatherThanReadingItAsZero() {
    assertThatThrownBy(() -> decode(MessageType.AGENT_HELLO_REQUEST, "{\"agentVersion\":\"0.4.2\",\"capabilities\":[]}"))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageStartingWith("AGENT_HELLO_REQUEST payload is not valid");
  }

  @Test
  void readsARefusalCodeAddedByANewerPeerAsUnknown() {
    Envelope decoded = decode(MessageType.REFUSAL, "{\"code\":\"TOKEN_STOLEN\",\"reason\":\"why\",\"retryAfterMillis\":0}");

    assertThat(decoded.message()).isEqualTo(new Refusal(null, "why", 0));
  }

  @Test
  void ignoresPropertiesAddedByANewerPeer() {
    Envelope decoded = decode(MessageType.PING_REQUEST,
        "{\"requestId\":\"r-1\",\"traceId\":\"abc\",\"options\":{\"deep\":[1,{\"x\":null}]}}");

    assertThat(decoded).isEqualTo(new Envelope(1, new PingRequest("r-1")));
  }

  @Test
  void keepsTheEnrollmentTokenOutOfLogLines() {
    AgentEnrollRequest request = (AgentEnrollRequest) SampleMessages.of(MessageType.AGENT_ENROLL_REQUEST);

    assertThat(request.toString()).doesNotContain(SampleMessages.TOKEN).contains("<redacted>");
    assertThat(new Envelope(9, request).toString()).doesNotContain(SampleMessages.TOKEN);
  }

  @Test
  void stillSendsTheEnrollmentTokenOnTheWire() throws Exception {
    Frame frame = MessageCodec.toFrame(new Envelope(9, SampleMessages.of(MessageType.AGENT_ENROLL_REQUEST)));

    assertThat(new String(frame.payload(), UTF_8)).contains("\"token\":\"" + SampleMessages.TOKEN + "\"");
    assertThat(frame.toString()).doesNotContain(SampleMessages.TOKEN);
  }

  private static Envelope decode(MessageType type, String json) {
    return MessageCodec.fromFrame(new Frame(type.id(), 1, json.getBytes(UTF_8)));
  }

  private static EmbeddedChannel pipeline() {
    return new EmbeddedChannel(new FrameDecoder(), FrameEncoder.INSTANCE, MessageCodec.INSTANCE);
  }
}
