package dev.loopback.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.MessageCodec;
import dev.loopback.protocol.messages.MessageType;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;

/**
 * Whatever a peer sends, the inbound half of the agent channel either yields envelopes or fails with
 * one of the two refusals its handler knows how to close on, and never holds more than one frame.
 *
 * <p>Surefire runs this in fuzzing mode for a few seconds (see the {@code fuzz} execution in this
 * module's pom); without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code src/test/resources/.../FrameDecoderFuzzTestInputs/<method>/} and any crash files Jazzer
 * saved there. A seed is in {@link FuzzedDataProvider}'s layout, which reads numbers from the end:
 * the stream first, then one byte per chunk giving its size (last chunk first), then the decoder's
 * limit as two bytes, low byte first (Jazzer 0.30 takes a number as it is when it lies in range).
 */
class FrameDecoderFuzzTest {
  private static final Set<Class<? extends Exception>> DOCUMENTED_REFUSALS =
      Set.of(TooLongFrameException.class, CorruptedFrameException.class);

  @FuzzTest(maxDuration = "5s")
  void decodesArbitraryChunksIntoEnvelopesOrADocumentedRefusal(FuzzedDataProvider data) {
    // A small limit lets short inputs reach it; the default limit behaves the same, only further out.
    int limit = data.consumeInt(FrameLimits.HEADER_BYTES, 4096);
    FrameTap tap = new FrameTap();
    Refusals refusals = new Refusals();
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(limit), tap, MessageCodec.INSTANCE, refusals);
    long written = 0;
    try {
      while (data.remainingBytes() > 0) {
        byte[] chunk = data.consumeBytes(data.consumeInt(1, 256));
        written += chunk.length;
        channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        if (!refusals.caught.isEmpty()) {
          // The agent channel's handler closes here; frames after a refused one are not its concern.
          break;
        }
        for (Envelope envelope = channel.readInbound(); envelope != null; envelope = channel.readInbound()) {
          Frame frame = tap.frames.remove();
          assertThat(envelope.correlationId()).isEqualTo(frame.correlationId());
          assertThat(MessageType.of(envelope.message()).id()).isEqualTo(frame.type());
        }
        // What is not yet a frame stays buffered, and that is always less than one whole frame.
        assertThat(written - tap.bytes).isBetween(0L, 4L + limit - 1);
      }
    } finally {
      // Closing runs the decoder over what is left once more: that must not fail differently either.
      channel.close();
      channel.releaseInbound();
    }
    for (Throwable refusal : refusals.caught) {
      if (!DOCUMENTED_REFUSALS.contains(refusal.getClass())) {
        fail("a peer's bytes caused an undocumented failure", refusal);
      }
    }
  }

  /** Counts the bytes of every frame the decoder lets through, as they were on the wire. */
  private static final class FrameTap extends ChannelInboundHandlerAdapter {
    final Queue<Frame> frames = new ArrayDeque<>();
    long bytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Frame frame = (Frame) msg;
      frames.add(frame);
      bytes += 4 + FrameLimits.HEADER_BYTES + frame.payload().length;
      ctx.fireChannelRead(msg);
    }
  }

  /** Where the agent channel's handler would close the channel: here every failure is kept to be judged. */
  private static final class Refusals extends ChannelInboundHandlerAdapter {
    final List<Throwable> caught = new ArrayList<>();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      caught.add(cause);
    }
  }
}
