package dev.loopback.protocol.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * A TLS client and server joined by shuttling bytes between two {@link EmbeddedChannel}s: the real
 * JDK engines and Netty handlers, no sockets and no threads, so a handshake is deterministic.
 */
final class TlsLink implements AutoCloseable {
  private static final int PORT = 7443;
  private final EmbeddedChannel client = new EmbeddedChannel();
  private final EmbeddedChannel server = new EmbeddedChannel();
  final SslHandler clientTls;
  final SslHandler serverTls;

  private TlsLink(SslContext serverContext, SslContext clientContext, String dialledHost) {
    // The server handler goes in first so that it is ready when the client's hello arrives.
    serverTls = serverContext.newHandler(server.alloc());
    server.pipeline().addLast(serverTls, new KeepFailureInHandshakeFuture());
    clientTls = clientContext.newHandler(client.alloc(), dialledHost, PORT);
    client.pipeline().addLast(clientTls, new KeepFailureInHandshakeFuture());
  }

  /** Connects a client that dialled {@code dialledHost} and runs the handshake to its end, either way. */
  static TlsLink handshake(SslContext serverContext, SslContext clientContext, String dialledHost) {
    TlsLink link = new TlsLink(serverContext, clientContext, dialledHost);
    boolean moved = true;
    while (moved) {
      moved = shuttle(link.client, link.server) | shuttle(link.server, link.client);
    }
    return link;
  }

  private static boolean shuttle(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (Object bytes = from.readOutbound(); bytes != null; bytes = from.readOutbound()) {
      if (to.isOpen()) {
        // After a failed handshake the peer has closed; what is still in flight (the alert) is dropped.
        to.writeInbound(bytes);
        moved = true;
      } else {
        ReferenceCountUtil.release(bytes);
      }
    }
    return moved;
  }

  @Override
  public void close() {
    client.finishAndReleaseAll();
    server.finishAndReleaseAll();
  }

  /** A failed handshake is asserted through the handshake future; keep it from being rethrown by the channel. */
  private static final class KeepFailureInHandshakeFuture extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    }
  }
}
