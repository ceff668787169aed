package dev.loopback.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;

/** Frames as the bytes {@link FrameEncoder} puts on the wire, for tests that feed a decoder. */
final class Frames {
  private Frames() {
  }

  static byte[] encode(Frame frame) {
    EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
    try {
      channel.writeOutbound(frame);
      ByteBuf encoded = channel.readOutbound();
      try {
        return ByteBufUtil.getBytes(encoded);
      } finally {
        encoded.release();
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }
}
