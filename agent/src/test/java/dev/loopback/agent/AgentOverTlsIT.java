package dev.loopback.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.channel.AgentListener;
import dev.loopback.agent.channel.Backoff;
import dev.loopback.agent.identity.InMemoryIdentityStore;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.AgentEnrollResponse;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.MessageCodec;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.protocol.tls.Fingerprints;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.ServerTrust;
import dev.loopback.protocol.tls.SigningRequests;
import dev.loopback.protocol.tls.TlsContexts;
import dev.loopback.protocol.wire.FrameDecoder;
import dev.loopback.protocol.wire.FrameEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent over real TCP and TLS 1.3 against a minimal stand-in gateway on port 0: proves the
 * pipeline, SNI and SAN checking, the pinned first join, mutual TLS afterwards and the session.
 * The real gateway's end-to-end tests live with the gateway.
 */
class AgentOverTlsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final TestCertificates pki = new TestCertificates();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
  private volatile Refusal refuseHelloWith;
  private Agent agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close().get(5, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void enrollsOverPinnedTlsThenOpensAMutualTlsSessionThatHeartbeatsAndAnswersPings() throws Exception {
    int port = startGateway();
    InMemoryIdentityStore store = new InMemoryIdentityStore();
    CompletableFuture<AgentHelloResponse> opened = new CompletableFuture<>();
    agent = new Agent(new AgentSettings("127.0.0.1", port, "tok-secret", ServerTrust.pinned(Fingerprints.sha256(pki.ca()))),
        store, new FixedHost(), group, new AgentListener() {
          @Override
          public void sessionOpened(AgentHelloResponse hello) {
            opened.complete(hello);
          }
        });

    agent.start();

    assertThat(next(AgentEnrollRequest.class).token()).isEqualTo("tok-secret");
    assertThat(opened.get(WAIT.toSeconds(), TimeUnit.SECONDS).hostId()).isEqualTo("host-42");
    assertThat(next(String.class)).as("client certificate subject on the hello channel").contains("CN=host");
    assertThat(store.load()).get().extracting(i -> i.hostId()).isEqualTo("host-42");
    assertThat(next(HeartbeatEvent.class).facts()).isNotNull();
    assertThat(next(HeartbeatEvent.class).facts()).isNull();
    assertThat(next(PingResponse.class).requestId()).isEqualTo("ping-1");
  }

  @Test
  void stopsWhenTheGatewayRefusesTheHostForGood() throws Exception {
    refuseHelloWith = new Refusal(RefusalCode.HOST_REVOKED, "host removed", 0);
    int port = startGateway();
    var identity = pki.identity("host-1", Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
    agent = new Agent(new AgentSettings("127.0.0.1", port, null, null).withBackoff(
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30))),
        new InMemoryIdentityStore(identity), new FixedHost(), group, AgentListener.NONE);

    agent.start();

    assertThat(agent.terminated().get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains(refuseHelloWith);
  }

  @Test
  void refusesAGatewayWhoseCaIsNotThePinnedOne() throws Exception {
    int port = startGateway();
    CompletableFuture<String> closed = new CompletableFuture<>();
    agent = new Agent(new AgentSettings("127.0.0.1", port, "tok-secret", ServerTrust.pinned("ab".repeat(32))),
        new InMemoryIdentityStore(), new FixedHost(), group, new AgentListener() {
          @Override
          public void sessionClosed(String reason) {
            closed.complete(reason);
          }
        });

    agent.start();

    assertThat(closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).contains("TLS").contains("pinned CA");
    assertThat(seen).isEmpty();
  }

  private int startGateway() throws Exception {
    KeyPair keys = KeyPairs.ecP256();
    SslContext tls = TlsContexts.gateway(keys.getPrivate(), List.of(pki.server(keys.getPublic(), "127.0.0.1"), pki.ca()), pki.ca());
    Channel server = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(tls.newHandler(channel.alloc()), new FrameDecoder(), FrameEncoder.INSTANCE,
                MessageCodec.INSTANCE, new StandInGateway());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private <T> T next(Class<T> type) throws InterruptedException {
    Object item;
    do {
      item = seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(item).as("waiting for " + type.getSimpleName()).isNotNull();
    } while (!type.isInstance(item));
    return type.cast(item);
  }

  /** Just enough gateway: enroll, hello, ask for a ping after the second heartbeat. */
  private final class StandInGateway extends SimpleChannelInboundHandler<Envelope> {
    private int heartbeats;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) throws Exception {
      seen.add(envelope.message());
      if (envelope.message() instanceof AgentEnrollRequest enroll) {
        var certificate = pki.issue(SigningRequests.verifiedPublicKey(enroll.csrPem()), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(30)));
        ctx.writeAndFlush(new Envelope(envelope.correlationId(),
            new AgentEnrollResponse("host-42", "ws-1", Pem.encode(certificate), Pem.encode(pki.ca()))))
            .addListener(f -> ctx.close());
      } else if (envelope.message() instanceof AgentHelloRequest) {
        seen.add(clientSubject(ctx));
        if (refuseHelloWith != null) {
          ctx.writeAndFlush(new Envelope(envelope.correlationId(), refuseHelloWith)).addListener(f -> ctx.close());
        } else {
          ctx.writeAndFlush(new Envelope(envelope.correlationId(), new AgentHelloResponse("host-42", 1, 200, 50, "replica-a")));
        }
      } else if (envelope.message() instanceof HeartbeatEvent && ++heartbeats == 2) {
        ctx.writeAndFlush(new Envelope(900, new PingRequest("ping-1")));
      }
    }

    private String clientSubject(ChannelHandlerContext ctx) {
      try {
        Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
        return ((java.security.cert.X509Certificate) chain[0]).getSubjectX500Principal().getName();
      } catch (SSLPeerUnverifiedException e) {
        return "none";
      }
    }
  }
}
