package dev.loopback.activities.agents.gateway;

import dev.loopback.protocol.messages.MessageCodec;
import dev.loopback.protocol.wire.FrameDecoder;
import dev.loopback.protocol.wire.FrameEncoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The one place the gateway's pipeline order is stated.
 *
 * <p>TLS first: nothing is parsed before the peer is authenticated as far as TLS can. Then idle
 * detection on reads, so a host that vanished without a FIN (power loss, NAT timeout) is closed
 * after three missed heartbeats. Then frames, then messages, then the session logic.
 */
final class AgentGatewayInitializer extends ChannelInitializer<SocketChannel> {
  private final SslContext ssl;
  private final GatewayServices services;
  private final ChannelGroup open;

  /** @param open every accepted channel joins it, so that stopping the gateway can close them all */
  AgentGatewayInitializer(SslContext ssl, GatewayServices services, ChannelGroup open) {
    this.ssl = ssl;
    this.services = services;
    this.open = open;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    open.add(channel);
    long idleMillis = services.settings().staleAfter().toMillis();
    channel.pipeline()
        .addLast("tls", ssl.newHandler(channel.alloc()))
        .addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS))
        .addLast("frames", new FrameDecoder())
        .addLast("frame-encoder", FrameEncoder.CONTROL_PLANE)
        .addLast("messages", MessageCodec.INSTANCE)
        .addLast("session", new AgentGatewayHandler(services));
  }
}
