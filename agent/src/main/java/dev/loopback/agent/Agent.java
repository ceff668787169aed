package dev.loopback.agent;

import dev.loopback.agent.channel.AgentChannelHandler;
import dev.loopback.agent.channel.AgentClient;
import dev.loopback.agent.channel.AgentListener;
import dev.loopback.agent.channel.Connector;
import dev.loopback.agent.channel.ReconnectPolicy;
import dev.loopback.agent.channel.SessionOwner;
import dev.loopback.agent.host.HostSide;
import dev.loopback.agent.identity.Identity;
import dev.loopback.agent.identity.IdentityStore;
import dev.loopback.agent.mesh.Mesh;
import dev.loopback.agent.modules.Modules;
import dev.loopback.agent.update.SelfUpdates;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.tls.ServerTrust;
import dev.loopback.protocol.tls.TlsContexts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's agent: keeps its identity, dials the control plane, and dials again after every
 * disconnect with backoff, until it is closed or refused for good.
 *
 * <p>Every agent is pinned to one event loop of a shared group, and all of its state — the channel,
 * the reconnect timer, the backoff attempt — is touched only on that loop: no locks, no thread per
 * agent, so tens of thousands of agents fit in one JVM. The listener is called on that loop too.
 * The only blocking work on the loop is writing the identity when it is issued or renewed.
 */
public final class Agent {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  /**
   * Asks for the calling thread's generator at every draw. Holding on to one
   * {@code ThreadLocalRandom.current()} and using it from an event loop thread that never called
   * {@code current()} itself would draw from an unseeded state: every such thread — and every agent
   * process — would produce the same "random" delays, the herd jitter exists to break up.
   */
  private static final RandomGenerator THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextLong();

  private final AgentSettings settings;
  private final IdentityStore identities;
  private final HostSide host;
  private final Connector connector;
  private final EventLoop loop;
  private final AgentListener listener;
  private final Mesh mesh;
  private final Clock clock;
  private final RandomGenerator random;
  private final Sessions sessions = new Sessions();
  private final CompletableFuture<Optional<Refusal>> terminated = new CompletableFuture<>();

  private volatile Modules modules;
  private volatile SelfUpdates updates;
  private volatile Identity identity;
  private String token;
  private SslContext tls;
  private Channel channel;
  private AgentChannelHandler handler;
  private final ReconnectPolicy reconnects;
  private ScheduledFuture<?> reconnect;
  private boolean started;
  private boolean stopped;

  /** An agent that dials {@code settings}' gateway over NIO on one loop of {@code group}. */
  public Agent(AgentSettings settings, IdentityStore identities, HostSide host, EventLoopGroup group, AgentListener listener) {
    this(settings, identities, host, null, group, listener);
  }

  /** Like the one above, for an agent that runs the host's WireGuard {@code mesh} (null for none). */
  public Agent(AgentSettings settings, IdentityStore identities, HostSide host, Mesh mesh, EventLoopGroup group,
      AgentListener listener) {
    this(settings, identities, host, mesh,
        new AgentClient(settings.host(), settings.port(), settings.localAddress(), NioSocketChannel.class),
        group.next(), listener, Clock.systemUTC(), THREAD_LOCAL_RANDOM);
  }

  /** An agent without a mesh on a given connector, loop, clock and randomness: for tests. */
  public Agent(AgentSettings settings, IdentityStore identities, HostSide host, Connector connector, EventLoop loop,
      AgentListener listener, Clock clock, RandomGenerator random) {
    this(settings, identities, host, null, connector, loop, listener, clock, random);
  }

  /** The host's modules, which the control plane's module requests go to; call before {@link #start()}. */
  public void runModules(Modules modules) {
    this.modules = modules;
  }

  /** Where the control plane's self-update requests go; call before {@link #start()} (none: they are unsupported). */
  public void runSelfUpdates(SelfUpdates updates) {
    this.updates = updates;
  }

  /**
   * @throws java.io.UncheckedIOException if the stored identity cannot be read
   * @throws IllegalStateException if the host has no identity and no token or enrollment trust to get one
   */
  public Agent(AgentSettings settings, IdentityStore identities, HostSide host, Mesh mesh, Connector connector, EventLoop loop,
      AgentListener listener, Clock clock, RandomGenerator random) {
    this.settings = settings;
    this.mesh = mesh;
    this.identities = identities;
    this.host = host;
    this.connector = connector;
    this.loop = loop;
    this.listener = listener;
    this.clock = clock;
    this.random = random;
    this.reconnects = new ReconnectPolicy(settings.backoff(), clock, random);
    this.identity = identities.load().orElse(null);
    if (identity == null) {
      if (settings.token() == null || settings.enrollmentTrust() == null) {
        throw new IllegalStateException("this host has no identity yet: set token and ca-sha256 (or ca-file) to enroll it");
      }
      token = settings.token();
    } else {
      if (settings.token() != null) {
        log.atInfo().addKeyValue("host", identity.hostId()).log("ignoring the configured token: this host is already enrolled");
      }
      if (identity.expiredAt(clock.instant())) {
        log.atError().addKeyValue("host", identity.hostId()).addKeyValue("not_after", identity.notAfter())
            .log("the client certificate has expired; the control plane will refuse it. Re-enroll this host: "
                + "remove its identity directory and start the agent with a fresh token");
      }
    }
  }

  /** Dials the control plane now; from here on the agent reconnects by itself. */
  public void start() {
    loop.execute(() -> {
      if (!started && !stopped) {
        started = true;
        connect();
      }
    });
  }

  /** Stops reconnecting and closes the channel; completes when it is closed. */
  public CompletableFuture<Void> close() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    try {
      loop.execute(() -> {
        stop(Optional.empty());
        Channel open = channel;
        if (open == null) {
          closed.complete(null);
        } else {
          if (handler != null) {
            handler.close("the agent is stopping");
          }
          open.close().addListener(f -> closed.complete(null));
        }
      });
    } catch (RejectedExecutionException e) {
      // The event loop is already gone, and with it every channel and timer.
      terminated.complete(Optional.empty());
      closed.complete(null);
    }
    return closed;
  }

  /** Completes when the agent stops for good: with the refusal that stopped it, or empty after {@link #close()}. */
  public CompletableFuture<Optional<Refusal>> terminated() {
    return terminated;
  }

  /** The host id once enrolled. */
  public Optional<String> hostId() {
    Identity current = identity;
    return current == null ? Optional.empty() : Optional.of(current.hostId());
  }

  private void connect() {
    reconnect = null;
    if (stopped) {
      return;
    }
    SslContext context;
    try {
      context = tlsContext();
    } catch (SSLException | RuntimeException e) {
      long delay = scheduleReconnect();
      log.atError().addKeyValue("reason", e.getMessage()).addKeyValue("retry_in_ms", delay).log("cannot set up TLS");
      return;
    }
    AgentChannelHandler session = new AgentChannelHandler(sessions, host, identity, token, clock, random, settings.requestTimeout(),
        mesh, modules, updates);
    ChannelFuture connecting;
    try {
      connecting = connector.connect(loop, context, session);
    } catch (RuntimeException e) {
      // The group is shutting down under us (or the connector is broken): nothing to dial with.
      log.atWarn().addKeyValue("reason", describe(e)).log("cannot open a channel; stopping");
      stop(Optional.empty());
      return;
    }
    channel = connecting.channel();
    handler = session;
    connecting.addListener((ChannelFuture future) -> {
      if (!future.isSuccess()) {
        connectFailed(future);
      }
    });
  }

  private void connectFailed(ChannelFuture future) {
    if (channel == future.channel()) {
      channel = null;
      handler = null;
    }
    if (stopped) {
      return;
    }
    String reason = future.cause() == null ? "cancelled" : describe(future.cause());
    listener.connectFailed(reason);
    long delay = scheduleReconnect();
    log.atWarn().addKeyValue("endpoint", settings.host() + ":" + settings.port()).addKeyValue("reason", reason)
        .addKeyValue("retry_in_ms", delay).addKeyValue("attempt", reconnects.attempt()).log("cannot connect to the control plane");
  }

  private SslContext tlsContext() throws SSLException {
    // One context per identity, reused across reconnects: building one costs a trust manager and a
    // key manager, and a reconnect storm of a whole fleet should not pay that again and again.
    if (tls == null) {
      Identity current = identity;
      tls = current == null ? TlsContexts.enrollment(settings.enrollmentTrust())
          : TlsContexts.mutual(current.privateKey(), current.certificate(), ServerTrust.ca(current.ca()));
    }
    return tls;
  }

  /** Schedules the next connection attempt and returns its delay, or -1 if the agent has stopped. */
  private long scheduleReconnect() {
    if (stopped) {
      return -1;
    }
    long delay = reconnects.nextDelayMillis();
    listener.reconnectScheduled(reconnects.attempt(), delay);
    try {
      reconnect = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      stop(Optional.empty());
      return -1;
    }
    return delay;
  }

  private void stop(Optional<Refusal> why) {
    stopped = true;
    if (reconnect != null) {
      reconnect.cancel(false);
      reconnect = null;
    }
    terminated.complete(why);
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null ? failure.getClass().getSimpleName() : message;
  }

  /** The handler's view of this agent; kept off the public API so that nobody else can call it. */
  private final class Sessions implements SessionOwner {
    @Override
    public void enrolled(Identity enrolled) {
      identities.save(enrolled);
      identity = enrolled;
      token = null;
      tls = null;
      reconnects.enrolled();
      log.atInfo().addKeyValue("host", enrolled.hostId()).addKeyValue("not_after", enrolled.notAfter())
          .log("enrolled; the token will not be used again");
      listener.enrolled(enrolled.hostId());
    }

    @Override
    public void sessionOpened(AgentHelloResponse hello) {
      reconnects.sessionOpened();
      log.atInfo().addKeyValue("host", hello.hostId()).addKeyValue("replica", hello.replicaId())
          .addKeyValue("heartbeat_ms", hello.heartbeatIntervalMillis()).log("session open");
      listener.sessionOpened(hello);
    }

    @Override
    public void certificateRenewed(Identity renewed) {
      identities.save(renewed);
      identity = renewed;
      tls = null;
      log.atInfo().addKeyValue("host", renewed.hostId()).addKeyValue("not_after", renewed.notAfter())
          .log("client certificate renewed; the next connection uses it");
      listener.certificateRenewed(renewed.notAfter());
    }

    @Override
    public void refused(Refusal refusal) {
      boolean retryable = refusal.code() == null || refusal.code().retryable();
      log.atError().addKeyValue("code", refusal.code()).addKeyValue("reason", refusal.reason())
          .addKeyValue("retry_after_ms", refusal.retryAfterMillis())
          .log(retryable ? "the control plane refused this agent for now" : "the control plane refused this agent; stopping");
      listener.refused(refusal);
      if (retryable) {
        reconnects.retryNoSoonerThan(refusal.retryAfterMillis());
      } else {
        stop(Optional.of(refusal));
      }
    }

    @Override
    public void sessionEnded(String reason) {
      channel = null;
      handler = null;
      boolean wasOpen = reconnects.sessionWasOpen();
      // An ending we chose (enrolled, stopping) is news; one the network or the control plane chose is a warning.
      var event = stopped || reconnects.reconnectingAtOnce() ? log.atInfo() : log.atWarn();
      Identity current = identity;
      if (current != null) {
        event = event.addKeyValue("host", current.hostId());
      }
      listener.sessionClosed(reason);
      long delay = scheduleReconnect();
      if (delay >= 0) {
        event = event.addKeyValue("retry_in_ms", delay);
      }
      event.addKeyValue("reason", reason).log(wasOpen ? "session closed" : "channel closed");
    }
  }
}
