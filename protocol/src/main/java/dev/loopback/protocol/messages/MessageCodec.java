package dev.loopback.protocol.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loopback.protocol.wire.Frame;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.util.List;

/**
 * Frames to {@link Envelope}s and back. An unknown type id or a payload that is not the type's JSON
 * is a {@link CorruptedFrameException}: the peer speaks something else, and the handler closes the
 * channel with the reason. Unknown JSON properties are ignored so that a newer peer may add fields
 * within a protocol version.
 */
@ChannelHandler.Sharable
public final class MessageCodec extends MessageToMessageCodec<Frame, Envelope> {
  public static final MessageCodec INSTANCE = new MessageCodec();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      // A code added by a newer peer reads as null (e.g. a refusal the agent then treats as retryable), not as a broken frame.
      .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
      // One frame, one JSON value: anything after it means the peer framed something wrong.
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @Override
  protected void encode(ChannelHandlerContext ctx, Envelope envelope, List<Object> out) throws IOException {
    out.add(toFrame(envelope));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    out.add(fromFrame(frame));
  }

  public static Frame toFrame(Envelope envelope) throws IOException {
    MessageType type = MessageType.of(envelope.message());
    return new Frame(type.id(), envelope.correlationId(), JSON.writeValueAsBytes(envelope.message()));
  }

  public static Envelope fromFrame(Frame frame) {
    MessageType type = MessageType.byId(frame.type())
        .orElseThrow(() -> new CorruptedFrameException("unknown message type " + frame.type()));
    try {
      Message message = JSON.readValue(frame.payload(), type.messageClass());
      if (message == null) {
        throw new CorruptedFrameException(type + " payload is JSON null");
      }
      return new Envelope(frame.correlationId(), message);
    } catch (JsonMappingException e) {
      String field = e.getPathReference() == null ? "" : " (at " + e.getPathReference() + ")";
      throw new CorruptedFrameException(type + " payload is not valid: " + e.getOriginalMessage() + field, e);
    } catch (JsonProcessingException e) {
      throw new CorruptedFrameException(type + " payload is not valid: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CorruptedFrameException(type + " payload is not valid: " + e.getMessage(), e);
    }
  }
}
