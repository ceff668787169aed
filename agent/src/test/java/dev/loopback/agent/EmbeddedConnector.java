package dev.loopback.agent;

import dev.loopback.agent.channel.Connector;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/** "Connects" by putting the session handler in an EmbeddedChannel the test drives, or fails like a closed port. */
final class EmbeddedConnector implements Connector {
  final List<EmbeddedChannel> channels = new ArrayList<>();
  final List<SslContext> contexts = new ArrayList<>();
  int attempts;
  boolean refuse;

  @Override
  public ChannelFuture connect(EventLoop loop, SslContext tls, ChannelHandler session) {
    attempts++;
    contexts.add(tls);
    if (refuse) {
      return new EmbeddedChannel().newFailedFuture(new ConnectException("Connection refused: gateway:7443"));
    }
    EmbeddedChannel channel = new EmbeddedChannel(session);
    channel.freezeTime();
    channels.add(channel);
    return channel.newSucceededFuture();
  }

  EmbeddedChannel last() {
    return channels.get(channels.size() - 1);
  }
}
