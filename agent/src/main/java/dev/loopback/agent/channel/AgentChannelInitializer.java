package dev.loopback.agent.channel;

import dev.loopback.protocol.messages.MessageCodec;
import dev.loopback.protocol.wire.FrameDecoder;
import dev.loopback.protocol.wire.FrameEncoder;
import dev.loopback.protocol.wire.FrameLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;

/**
 * The agent channel's pipeline, in order from the socket:
 *
 * <pre>
 *  socket ⇄ tls ⇄ frame-decoder / frame-encoder ⇄ messages ⇄ session
 * </pre>
 *
 * TLS comes first because everything after it is plaintext that must never touch the wire; its
 * handler is made with the gateway's host and port so that SNI is sent and the certificate's
 * subject alternative names are checked against the name we dialled. Frames are cut from the
 * decrypted stream (the frame decoder refuses oversize lengths before buffering them), frames become
 * {@code Envelope}s, and the session handler sees only messages. The frame decoder keeps per-channel
 * state and is created per channel; the encoder and the message codec are stateless and shared.
 *
 * <p>There is deliberately no reader-idle handler: the gateway sends nothing in a quiet session, so
 * one would close healthy sessions. {@link AgentChannelHandler} explains how a dead control plane is
 * noticed instead.
 */
public final class AgentChannelInitializer extends ChannelInitializer<Channel> {
  private final SslContext tls;
  private final String host;
  private final int port;
  private final ChannelHandler session;

  public AgentChannelInitializer(SslContext tls, String host, int port, ChannelHandler session) {
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.session = session;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("tls", tls.newHandler(channel.alloc(), host, port));
    // The control plane may send a whole mesh configuration in one frame (FrameLimits.MAX_CONTROL_FRAME_BYTES).
    pipeline.addLast("frame-decoder", new FrameDecoder(FrameLimits.MAX_CONTROL_FRAME_BYTES));
    pipeline.addLast("frame-encoder", FrameEncoder.INSTANCE);
    pipeline.addLast("messages", MessageCodec.INSTANCE);
    pipeline.addLast("session", session);
  }
}
