package dev.loopback.bench.mesh;

import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Sizes of messages as the channel writes them: the protocol's own codec, payload bytes of one frame. */
final class Wire {
  private Wire() {
  }

  static int bytes(Message message) {
    try {
      return MessageCodec.toFrame(new Envelope(1, message)).payload().length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1fMB", bytes / 1e6);
  }
}
