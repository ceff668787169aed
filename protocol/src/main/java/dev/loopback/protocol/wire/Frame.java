package dev.loopback.protocol.wire;

import java.util.Arrays;

/**
 * One decoded frame: a message type id, the correlation id that pairs a response with its request
 * (0 for events), and the payload bytes. See {@link FrameDecoder} for the layout on the wire.
 */
public record Frame(int type, long correlationId, byte[] payload) {
  public Frame {
    if (type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("frame type must fit in 16 bits: " + type);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Frame frame && type == frame.type && correlationId == frame.correlationId
        && Arrays.equals(payload, frame.payload);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * type + Long.hashCode(correlationId)) + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Frame[type=" + type + ", correlationId=" + correlationId + ", payload=" + payload.length + " bytes]";
  }
}
