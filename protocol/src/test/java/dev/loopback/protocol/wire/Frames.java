package dev.loopback.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;

/** Bytes on the wire for tests: frames as {@link FrameEncoder} writes them, and hand-written bytes. */
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

  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
