package dev.loopback.activities.agents.gateway;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.enrollment.CertificateRenewal;
import dev.loopback.activities.agents.enrollment.EnrollmentBatcher;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.SessionAdmission;
import dev.loopback.activities.catalog.ModulePushes;
import dev.loopback.activities.catalog.UpdateIndex;
import dev.loopback.activities.mesh.MeshIdentities;
import dev.loopback.protocol.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The TLS server agents dial (bootstrap only; the pipeline is in {@link AgentGatewayInitializer}).
 * It starts after the database is ready and stops before it: sessions are closed and their registry
 * rows removed while PostgreSQL is still there.
 */
@Component
public class AgentGateway implements SmartLifecycle {
  public static final int PHASE = Integer.MAX_VALUE - 1000;
  private static final Logger log = LoggerFactory.getLogger(AgentGateway.class);
  private final AgentChannelSettings settings;
  private final AgentCertificateAuthority ca;
  private final AgentSessions sessions;
  private final EnrollmentBatcher enrollments;
  private final SessionAdmission admission;
  private final CertificateRenewal renewal;
  private final HeartbeatRecorder heartbeats;
  private final CheckInSignals checkIns;
  private final MeshIdentities meshIdentities;
  private final UpdateIndex updates;
  private final ModulePushes modules;
  private final RefusalLimiter limiter;
  private GatewayServices services;
  private final ChannelGroup channels = new DefaultChannelGroup("agents", GlobalEventExecutor.INSTANCE);
  private EventLoopGroup acceptors;
  private EventLoopGroup workers;
  private Channel server;
  /** Kept across stop/start so agents find a restarted gateway where they left it, even when configured as port 0. */
  private int boundPort;

  public AgentGateway(AgentChannelSettings settings, AgentCertificateAuthority ca, EnrollmentBatcher enrollments,
      SessionAdmission admission, CertificateRenewal renewal, AgentSessions sessions, HeartbeatRecorder heartbeats,
      CheckInSignals checkIns, MeshIdentities meshIdentities, UpdateIndex updates, ModulePushes modules, Clock clock) {
    this.settings = settings;
    this.ca = ca;
    this.sessions = sessions;
    this.enrollments = enrollments;
    this.admission = admission;
    this.renewal = renewal;
    this.heartbeats = heartbeats;
    this.checkIns = checkIns;
    this.meshIdentities = meshIdentities;
    this.updates = updates;
    this.modules = modules;
    this.limiter = new RefusalLimiter(settings.refusalsPerMinute(), clock);
  }

  private static ExecutorService pool(String name, int size) {
    AtomicInteger threads = new AtomicInteger();
    // Bounded: under a reconnect storm, excess hellos are refused as UNAVAILABLE (the agent backs off) rather than queued without end.
    return new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(20_000),
        runnable -> {
          Thread thread = new Thread(runnable, name + "-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public void start() {
    sessions.forgetPreviousRun();
    services = new GatewayServices(settings, enrollments, admission, renewal, sessions, heartbeats, limiter, checkIns, meshIdentities, updates, modules,
        pool("agent-gateway-db", 16), pool("agent-enroll", 32), ca.certificatePem());
    var identity = ca.issueServer(settings.replicaId(), settings.advertisedNames());
    try {
      var ssl = TlsContexts.gateway(identity.key(), List.of(identity.certificate(), identity.ca()), identity.ca());
      acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
      server = new ServerBootstrap()
          .group(acceptors, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 4096)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childHandler(new AgentGatewayInitializer(ssl, services, channels))
          .bind(new InetSocketAddress(settings.bindAddress(), boundPort != 0 ? boundPort : settings.port())).sync().channel();
      boundPort = port();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the gateway's TLS context", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the agent gateway", e);
    }
    log.info("Agent gateway listening on {}:{} as replica {} (names {}); agents pin CA sha256={}",
        settings.bindAddress(), port(), settings.replicaId(), settings.advertisedNames(), ca.fingerprint());
  }

  /** The bound port (useful when configured as 0). */
  public int port() {
    return server == null ? boundPort : ((InetSocketAddress) server.localAddress()).getPort();
  }

  public int openSessions() {
    return sessions.count();
  }

  @Override
  public void stop() {
    log.info("Stopping the agent gateway; {} sessions close and their agents reconnect elsewhere or after the restart", sessions.count());
    server.close().syncUninterruptibly();
    channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    services.blocking().shutdown();
    services.enrolling().shutdown();
    try {
      services.blocking().awaitTermination(10, TimeUnit.SECONDS);
      services.enrolling().awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sessions.forgetPreviousRun();
    server = null;
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
