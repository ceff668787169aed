package dev.loopback.protocol.wire;

import static dev.loopback.protocol.wire.Frames.bytes;
import static dev.loopback.protocol.wire.Frames.concat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder());

  @AfterEach
  void releaseWhatIsLeft() {
    // Not finish(): after a refusal the decoder refuses the same bytes again on close.
    channel.close();
    channel.releaseInbound();
  }

  @Test
  void decodesTheExampleDrawnInItsJavadoc() {
    // BEFORE DECODE (27 bytes): 0x00000017 | 01 | 0006 | 00..0000 | {"a":1...}
    byte[] wire = bytes(
        0x00, 0x00, 0x00, 0x17,
        0x01,
        0x00, 0x06,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
    byte[] example = concat(wire, "{\"a\":123456}".getBytes(UTF_8));
    assertThat(example).hasSize(27);

    channel.writeInbound(Unpooled.wrappedBuffer(example));

    assertThat((Frame) channel.readInbound()).isEqualTo(new Frame(6, 0, "{\"a\":123456}".getBytes(UTF_8)));
  }

  @Test
  void yieldsNothingUntilTheLastByteOfAFrameSentOneByteAtATimeArrives() {
    byte[] wire = Frames.encode(new Frame(7, 42, "{\"requestId\":\"r-1\"}".getBytes(UTF_8)));

    for (int i = 0; i < wire.length - 1; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(wire, i, 1));
      assertThat((Object) channel.readInbound()).as("after %d of %d bytes", i + 1, wire.length).isNull();
    }
    channel.writeInbound(Unpooled.wrappedBuffer(wire, wire.length - 1, 1));

    assertThat((Frame) channel.readInbound()).isEqualTo(new Frame(7, 42, "{\"requestId\":\"r-1\"}".getBytes(UTF_8)));
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void keepsTheStartOfTheNextFrameThatArrivesWithTheEndOfTheCurrentOne() {
    Frame first = new Frame(6, 0, "{\"uptimeSeconds\":1}".getBytes(UTF_8));
    Frame second = new Frame(8, 9, "{\"requestId\":\"r\"}".getBytes(UTF_8));
    byte[] wire = concat(Frames.encode(first), Frames.encode(second));
    int split = Frames.encode(first).length + 6;

    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, 0, split)));
    assertThat((Frame) channel.readInbound()).isEqualTo(first);
    assertThat((Object) channel.readInbound()).isNull();

    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, split, wire.length)));
    assertThat((Frame) channel.readInbound()).isEqualTo(second);
  }

  @Test
  void decodesTwoFramesThatArriveInOneBuffer() {
    Frame first = new Frame(3, 1, "{\"protocolVersion\":1}".getBytes(UTF_8));
    Frame second = new Frame(6, 0, "{}".getBytes(UTF_8));

    channel.writeInbound(Unpooled.wrappedBuffer(concat(Frames.encode(first), Frames.encode(second))));

    assertThat((Frame) channel.readInbound()).isEqualTo(first);
    assertThat((Frame) channel.readInbound()).isEqualTo(second);
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void decodesAFrameWithAnEmptyPayload() {
    channel.writeInbound(Unpooled.wrappedBuffer(Frames.encode(new Frame(5, 3, new byte[0]))));

    assertThat((Frame) channel.readInbound()).isEqualTo(new Frame(5, 3, new byte[0]));
  }

  @Test
  void acceptsAFrameExactlyAtTheLimit() {
    byte[] payload = new byte[FrameLimits.MAX_FRAME_BYTES - FrameLimits.HEADER_BYTES];
    Arrays.fill(payload, (byte) 'x');
    byte[] wire = Frames.encode(new Frame(6, 0, payload));
    assertThat(wire).hasSize(4 + FrameLimits.MAX_FRAME_BYTES);

    channel.writeInbound(Unpooled.wrappedBuffer(wire));

    assertThat((Frame) channel.readInbound()).isEqualTo(new Frame(6, 0, payload));
  }

  @Test
  void refusesAFrameOneByteOverTheLimitAsSoonAsItsLengthArrivesWithoutWaitingForThePayload() {
    ByteBuf lengthOnly = Unpooled.buffer(4).writeInt(FrameLimits.MAX_FRAME_BYTES + 1);

    assertThatThrownBy(() -> channel.writeInbound(lengthOnly))
        .isExactlyInstanceOf(TooLongFrameException.class)
        .hasMessageContaining(String.valueOf(FrameLimits.MAX_FRAME_BYTES + 1))
        .hasMessageContaining("limit of " + FrameLimits.MAX_FRAME_BYTES);
  }

  @Test
  void readsTheLengthAsUnsignedSoTheLargestLengthIsRefusedAsTooLong() {
    ByteBuf lengthOnly = Unpooled.wrappedBuffer(bytes(0xFF, 0xFF, 0xFF, 0xFF));

    assertThatThrownBy(() -> channel.writeInbound(lengthOnly))
        .isExactlyInstanceOf(TooLongFrameException.class)
        .hasMessageContaining("4294967295");
  }

  @Test
  void appliesASmallerLimitGivenToItsConstructor() {
    EmbeddedChannel strict = new EmbeddedChannel(new FrameDecoder(64));
    try {
      strict.writeInbound(Unpooled.wrappedBuffer(Frames.encode(new Frame(6, 0, new byte[64 - FrameLimits.HEADER_BYTES]))));
      assertThat((Frame) strict.readInbound()).isNotNull();

      ByteBuf tooLong = Unpooled.buffer(4).writeInt(65);
      assertThatThrownBy(() -> strict.writeInbound(tooLong)).isExactlyInstanceOf(TooLongFrameException.class);
    } finally {
      strict.close();
      strict.releaseInbound();
    }
  }

  @Test
  void refusesALimitItCouldNotHonour() {
    assertThatThrownBy(() -> new FrameDecoder(FrameLimits.HEADER_BYTES - 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameDecoder(FrameLimits.MAX_CONTROL_FRAME_BYTES + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesALengthShorterThanTheHeaderAsCorrupt() {
    ByteBuf lengthOnly = Unpooled.buffer(4).writeInt(FrameLimits.HEADER_BYTES - 1);

    assertThatThrownBy(() -> channel.writeInbound(lengthOnly))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageContaining("frame of 10 bytes is shorter than its 11-byte header");
  }

  @Test
  void refusesAZeroLengthAsCorrupt() {
    ByteBuf lengthOnly = Unpooled.buffer(4).writeInt(0);

    assertThatThrownBy(() -> channel.writeInbound(lengthOnly)).isExactlyInstanceOf(CorruptedFrameException.class);
  }

  @Test
  void refusesAnUnknownFormatNamingIt() {
    byte[] wire = Frames.encode(new Frame(6, 0, "{}".getBytes(UTF_8)));
    wire[4] = 2;

    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(wire)))
        .isExactlyInstanceOf(CorruptedFrameException.class)
        .hasMessageContaining("unsupported frame format 2");
  }

  @Test
  void refusesAFrameTypeThatDoesNotFitInSixteenBits() {
    assertThatThrownBy(() -> new Frame(0x10000, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Frame(-1, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
