package dev.loopback.agent.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

/**
 * Dials the control plane's gateway over TCP. Bootstrap only: the pipeline is
 * {@link AgentChannelInitializer}'s, the session logic {@link AgentChannelHandler}'s.
 *
 * <p>The host name is resolved by Netty's default resolver, on the event loop; an agent dials a
 * name once per connection, and the fleet simulator dials an address literal, which needs no lookup.
 * An optional local address lets a simulator spread thousands of agents over source addresses
 * (127.0.0.x) so that they do not exhaust one address's ephemeral ports.
 */
public final class AgentClient implements Connector {
  static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private final String host;
  private final int port;
  private final InetSocketAddress localAddress;
  private final Class<? extends Channel> channelType;

  public AgentClient(String host, int port) {
    this(host, port, null, NioSocketChannel.class);
  }

  /**
   * @param localAddress the source address to bind, or null to let the kernel choose
   * @param channelType the socket channel class matching the event loop group's transport (NIO by default)
   */
  public AgentClient(String host, int port, InetSocketAddress localAddress, Class<? extends Channel> channelType) {
    this.host = host;
    this.port = port;
    this.localAddress = localAddress;
    this.channelType = channelType;
  }

  @Override
  public ChannelFuture connect(EventLoop loop, SslContext tls, ChannelHandler session) {
    Bootstrap bootstrap = new Bootstrap()
        .group(loop)
        .channel(channelType)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
        .option(ChannelOption.TCP_NODELAY, true)
        // Probes an otherwise idle connection so that middleboxes keep its state and a dead peer is noticed.
        .option(ChannelOption.SO_KEEPALIVE, true)
        .handler(new AgentChannelInitializer(tls, host, port, session));
    InetSocketAddress remote = InetSocketAddress.createUnresolved(host, port);
    return localAddress == null ? bootstrap.connect(remote) : bootstrap.connect(remote, localAddress);
  }
}
