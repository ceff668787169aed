package dev.loopback.activities.agents.sessions;

import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.MessageCodec;
import dev.loopback.protocol.wire.Frame;
import io.netty.channel.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open agent channel on this replica, and the requests the control plane has in flight on it.
 * Correlation ids are this side's own counter; the agent echoes them in its responses.
 */
public final class LiveSession {
  private final UUID hostId;
  private final UUID sessionId;
  private final Channel channel;
  private final AtomicLong nextCorrelationId = new AtomicLong();
  private final Map<Long, CompletableFuture<Envelope>> pending = new ConcurrentHashMap<>();

  public LiveSession(UUID hostId, UUID sessionId, Channel channel) {
    this.hostId = hostId;
    this.sessionId = sessionId;
    this.channel = channel;
  }

  public UUID hostId() {
    return hostId;
  }

  public UUID sessionId() {
    return sessionId;
  }

  public Channel channel() {
    return channel;
  }

  /** Sends a request; the future completes with the agent's response, or fails on timeout or disconnect. */
  public CompletableFuture<Envelope> request(Message message, Duration timeout) {
    long id = nextCorrelationId.incrementAndGet();
    CompletableFuture<Envelope> response = new CompletableFuture<>();
    pending.put(id, response);
    var timer = channel.eventLoop().schedule(
        () -> response.completeExceptionally(new TimeoutException("no answer from host " + hostId + " within " + timeout)),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    response.whenComplete((ok, failed) -> {
      pending.remove(id);
      timer.cancel(false);
    });
    Frame frame;
    try {
      // Encoded here, on the caller's thread: a whole mesh configuration is megabytes of JSON, and the
      // event loop it would otherwise be encoded on also carries other agents' heartbeats.
      frame = MessageCodec.toFrame(new Envelope(id, message));
    } catch (IOException e) {
      response.completeExceptionally(e);
      return response;
    }
    channel.writeAndFlush(frame).addListener(write -> {
      if (!write.isSuccess()) {
        response.completeExceptionally(new AgentDisconnectedException(hostId, write.cause()));
      }
    });
    return response;
  }

  /** A response arrived; false if nothing was waiting for it (late, or never asked). */
  public boolean complete(Envelope response) {
    CompletableFuture<Envelope> waiting = pending.get(response.correlationId());
    return waiting != null && waiting.complete(response);
  }

  void failAll(Throwable reason) {
    pending.values().forEach(waiting -> waiting.completeExceptionally(reason));
  }
}
