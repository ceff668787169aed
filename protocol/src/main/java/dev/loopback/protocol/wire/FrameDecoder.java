package dev.loopback.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits the TLS plaintext stream into {@link Frame}s.
 *
 * <pre>
 *  0               1               2               3
 * +---------------+---------------+---------------+---------------+
 * |              length (uint32, big-endian): bytes that follow    |
 * +---------------+---------------+---------------+---------------+
 * | format = 1    |      type id (uint16)         |               |
 * +---------------+---------------+---------------+               +
 * |                 correlation id (uint64, big-endian)           |
 * +                                               +---------------+
 * |                                               |               |
 * +---------------+---------------+---------------+               +
 * |             payload: UTF-8 JSON, (length - 11) bytes          |
 * +---------------------------------------------------------------+
 *
 *  BEFORE DECODE (27 bytes)                            AFTER DECODE
 * +------------+----+------+----------+-----------+     +-------------------------+
 * | 0x00000017 | 01 | 0006 | 00..0000 | {"a":1...}|  -> | Frame(6, 0, {"a":1...}) |
 * +------------+----+------+----------+-----------+     +-------------------------+
 * </pre>
 *
 * <p>A length above the limit is refused as soon as the four length bytes arrive, before any payload
 * is buffered, so a peer cannot make us allocate more than the limit. A length below the header
 * size or an unknown format byte means the stream is corrupt; there is no way to resynchronise a
 * length-prefixed stream, so both are fatal for the channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private static final int LENGTH_BYTES = 4;
  private final int maxFrameBytes;

  public FrameDecoder() {
    this(FrameLimits.MAX_FRAME_BYTES);
  }

  public FrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < FrameLimits.HEADER_BYTES || maxFrameBytes > FrameLimits.MAX_CONTROL_FRAME_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be between " + FrameLimits.HEADER_BYTES
          + " and " + FrameLimits.MAX_CONTROL_FRAME_BYTES + ": " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < LENGTH_BYTES) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length > maxFrameBytes) {
      throw new TooLongFrameException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
    }
    if (length < FrameLimits.HEADER_BYTES) {
      throw new CorruptedFrameException("frame of " + length + " bytes is shorter than its " + FrameLimits.HEADER_BYTES + "-byte header");
    }
    if (in.readableBytes() < LENGTH_BYTES + length) {
      return;
    }
    int format = in.getUnsignedByte(in.readerIndex() + LENGTH_BYTES);
    if (format != FrameLimits.FORMAT) {
      throw new CorruptedFrameException("unsupported frame format " + format + " (this side speaks " + FrameLimits.FORMAT + ")");
    }
    in.skipBytes(LENGTH_BYTES + 1);
    int type = in.readUnsignedShort();
    long correlationId = in.readLong();
    byte[] payload = new byte[(int) length - FrameLimits.HEADER_BYTES];
    in.readBytes(payload);
    out.add(new Frame(type, correlationId, payload));
  }
}
