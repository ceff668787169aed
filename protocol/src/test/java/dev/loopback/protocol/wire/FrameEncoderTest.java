package dev.loopback.protocol.wire;

import static dev.loopback.protocol.wire.Frames.bytes;
import static dev.loopback.protocol.wire.Frames.concat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);

  @AfterEach
  void releaseWhatIsLeft() {
    channel.finishAndReleaseAll();
  }

  @Test
  void writesTheLayoutDrawnInTheDecoderJavadoc() {
    // Distinct bytes in every field pin the order and the big-endian byte order of each.
    byte[] expected = concat(bytes(
        0x00, 0x00, 0x00, 0x0D,                          // length: 11 header bytes + 2 payload bytes
        0x01,                                            // format
        0xAB, 0xCD,                                      // type id
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08), // correlation id
        "{}".getBytes(UTF_8));

    assertThat(Frames.encode(new Frame(0xABCD, 0x0102030405060708L, "{}".getBytes(UTF_8)))).containsExactly(expected);
  }

  @Test
  void writesTheJavadocExampleByteForByte() {
    byte[] expected = concat(bytes(
        0x00, 0x00, 0x00, 0x17,
        0x01,
        0x00, 0x06,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
        "{\"a\":123456}".getBytes(UTF_8));

    assertThat(Frames.encode(new Frame(6, 0, "{\"a\":123456}".getBytes(UTF_8)))).containsExactly(expected);
  }

  @Test
  void writesTheCorrelationIdAsAllSixtyFourBits() {
    byte[] wire = Frames.encode(new Frame(1, -1L, new byte[0]));

    assertThat(wire).endsWith(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
  }

  @Test
  void roundTripsThroughTheDecoder() {
    Frame frame = new Frame(0xFFFF, Long.MIN_VALUE, "{\"hostname\":\"h\u00e9te\"}".getBytes(UTF_8));
    EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder());
    try {
      channel.writeOutbound(frame);
      decoder.writeInbound((ByteBuf) channel.readOutbound());

      assertThat((Frame) decoder.readInbound()).isEqualTo(frame);
    } finally {
      decoder.finishAndReleaseAll();
    }
  }

  @Test
  void writesAFrameExactlyAtTheLimit() {
    channel.writeOutbound(new Frame(6, 0, new byte[FrameLimits.MAX_FRAME_BYTES - FrameLimits.HEADER_BYTES]));

    ByteBuf encoded = channel.readOutbound();
    try {
      assertThat(encoded.readableBytes()).isEqualTo(4 + FrameLimits.MAX_FRAME_BYTES);
    } finally {
      encoded.release();
    }
  }

  @Test
  void refusesToWriteAFrameThePeerWouldRefuse() {
    Frame oversize = new Frame(6, 0, new byte[FrameLimits.MAX_FRAME_BYTES - FrameLimits.HEADER_BYTES + 1]);

    assertThatThrownBy(() -> channel.writeOutbound(oversize))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("exceeds the limit of " + FrameLimits.MAX_FRAME_BYTES);
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void theControlPlaneMaySendAWholeMeshConfigurationAboveTheAgentsOwnCeiling() {
    Frame mesh = new Frame(12, 1, new byte[2 * 1024 * 1024]);
    EmbeddedChannel agentSide = new EmbeddedChannel(FrameEncoder.INSTANCE);
    EmbeddedChannel controlPlane = new EmbeddedChannel(FrameEncoder.CONTROL_PLANE);
    EmbeddedChannel agentDecoder = new EmbeddedChannel(new FrameDecoder(FrameLimits.MAX_CONTROL_FRAME_BYTES));
    try {
      assertThatThrownBy(() -> agentSide.writeOutbound(mesh)).isInstanceOf(EncoderException.class).hasMessageContaining("exceeds the limit");
      controlPlane.writeOutbound(mesh);
      agentDecoder.writeInbound((ByteBuf) controlPlane.readOutbound());
      Frame received = agentDecoder.readInbound();
      assertThat(received.payload()).hasSize(2 * 1024 * 1024);
    } finally {
      agentSide.finishAndReleaseAll();
      controlPlane.finishAndReleaseAll();
      agentDecoder.finishAndReleaseAll();
    }
  }
}
