package dev.loopback.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link Frame}s in the layout drawn in {@link FrameDecoder}; refuses to send what the peer would refuse. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
  /** For agents: what the control plane's decoder takes. */
  public static final FrameEncoder INSTANCE = new FrameEncoder(FrameLimits.MAX_FRAME_BYTES);
  /** For the control plane: what agents' decoders take ({@link FrameLimits#MAX_CONTROL_FRAME_BYTES}). */
  public static final FrameEncoder CONTROL_PLANE = new FrameEncoder(FrameLimits.MAX_CONTROL_FRAME_BYTES);
  private final int maxFrameBytes;

  private FrameEncoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
    int length = FrameLimits.HEADER_BYTES + frame.payload().length;
    if (length > maxFrameBytes) {
      throw new EncoderException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
    }
    out.ensureWritable(4 + length);
    out.writeInt(length);
    out.writeByte(FrameLimits.FORMAT);
    out.writeShort(frame.type());
    out.writeLong(frame.correlationId());
    out.writeBytes(frame.payload());
  }
}
