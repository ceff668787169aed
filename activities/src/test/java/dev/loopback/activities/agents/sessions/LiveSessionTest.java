package dev.loopback.activities.agents.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.MessageCodec;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.protocol.wire.Frame;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LiveSessionTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final LiveSession session = new LiveSession(UUID.randomUUID(), UUID.randomUUID(), channel);

  @Test
  void encodesTheRequestBeforeItReachesTheEventLoopAndCompletesOnTheAnswer() {
    CompletableFuture<Envelope> answer = session.request(new PingRequest("p-1"), Duration.ofSeconds(5));

    Object written = channel.readOutbound();
    assertThat(written).as("a frame, encoded on the caller's thread").isInstanceOf(Frame.class);
    Envelope sent = MessageCodec.fromFrame((Frame) written);
    assertThat(sent.message()).isEqualTo(new PingRequest("p-1"));

    assertThat(session.complete(new Envelope(sent.correlationId(), new PingResponse("p-1", "1.0", 1)))).isTrue();
    assertThat(answer).isCompletedWithValueMatching(envelope -> envelope.message() instanceof PingResponse);
    assertThat(session.complete(new Envelope(sent.correlationId(), new PingResponse("p-1", "1.0", 1))))
        .as("nothing waits for a second answer").isFalse();
  }
}
