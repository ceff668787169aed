package dev.loopback.api.agents;

import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.MessageCodec;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.protocol.wire.FrameDecoder;
import dev.loopback.protocol.wire.FrameEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-driven agent for gateway tests: the real codec over real TLS, but every message is chosen
 * by the test, including ones the real agent would never send. Answers pings when asked to.
 */
final class RawAgent implements AutoCloseable {
  private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final BlockingQueue<Envelope> inbound = new LinkedBlockingQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private final Channel channel;
  private volatile boolean answerPings;

  private RawAgent(Channel channel) {
    this.channel = channel;
  }

  /** Connects from {@code sourceAddress} (any 127.x address on Linux) so rate-limit tests do not limit each other. */
  static RawAgent connect(SslContext ssl, int port, String sourceAddress) throws Exception {
    RawAgent[] agent = new RawAgent[1];
    Channel channel = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "localhost", port), new FrameDecoder(), FrameEncoder.INSTANCE,
                MessageCodec.INSTANCE, new SimpleChannelInboundHandler<Envelope>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
                    if (agent[0].answerPings && envelope.message() instanceof PingRequest ping) {
                      ctx.writeAndFlush(new Envelope(envelope.correlationId(), new PingResponse(ping.requestId(), "raw-1.0", 7)));
                    } else {
                      agent[0].inbound.add(envelope);
                    }
                  }
                });
          }
        })
        .connect(new InetSocketAddress("localhost", port), new InetSocketAddress(sourceAddress, 0)).sync().channel();
    agent[0] = new RawAgent(channel);
    channel.pipeline().get(SslHandler.class).handshakeFuture().sync();
    return agent[0];
  }

  RawAgent answeringPings() {
    answerPings = true;
    return this;
  }

  /** Sends a request and returns the response with its correlation id. */
  Message request(Message message) throws Exception {
    long id = ids.incrementAndGet();
    channel.writeAndFlush(new Envelope(id, message)).sync();
    Envelope answer = inbound.poll(15, TimeUnit.SECONDS);
    if (answer == null) {
      throw new AssertionError("no answer to " + message.getClass().getSimpleName() + " within 15 s");
    }
    if (answer.correlationId() != id) {
      throw new AssertionError("answer correlation id " + answer.correlationId() + " does not match request " + id);
    }
    return answer.message();
  }

  /**
   * For peers TLS should reject: in TLS 1.3 the client finishes its handshake before the server has
   * checked the client certificate, so the rejection shows as a channel closed without an answer.
   */
  boolean rejectedWithoutAnswer(Message message) throws Exception {
    channel.writeAndFlush(new Envelope(ids.incrementAndGet(), message)).await(5, TimeUnit.SECONDS);
    return closedWithin(Duration.ofSeconds(5)) && inbound.isEmpty();
  }

  /** The next message the control plane sends on its own (a request to the agent), or null after {@code timeout}. */
  Envelope receive(Duration timeout) throws InterruptedException {
    return inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Answers a request of the control plane's. */
  void reply(long correlationId, Message answer) throws Exception {
    channel.writeAndFlush(new Envelope(correlationId, answer)).sync();
  }

  void send(Message event) throws Exception {
    channel.writeAndFlush(Envelope.event(event)).sync();
  }

  boolean closedWithin(Duration timeout) throws InterruptedException {
    return channel.closeFuture().await(timeout.toMillis());
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
