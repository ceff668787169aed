package dev.loopback.agent.channel;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;

/** Opens one channel to the control plane with {@code session} at the end of its pipeline. {@link AgentClient} is the real one. */
public interface Connector {
  ChannelFuture connect(EventLoop loop, SslContext tls, ChannelHandler session);
}
