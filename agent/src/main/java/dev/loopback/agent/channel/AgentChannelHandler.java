package dev.loopback.agent.channel;

import dev.loopback.agent.host.HostSide;
import dev.loopback.agent.identity.Identity;
import dev.loopback.agent.mesh.Mesh;
import dev.loopback.agent.modules.Modules;
import dev.loopback.agent.update.SelfUpdates;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.AgentEnrollResponse;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.CertificateRenewResponse;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.MessageType;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.AgentUpdateRequest;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.SigningRequests;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's session: enroll (no identity yet) or hello (mutual TLS), then heartbeats, pings and
 * certificate renewal. A new instance per channel; everything runs on the channel's event loop, so
 * no field needs synchronisation and thousands of sessions share a few threads.
 *
 * <p>Liveness of the control plane: the gateway answers nothing to heartbeats, so silence from it is
 * normal and a plain reader-idle timeout would tear down every healthy session. A control plane that
 * stops or restarts sends FIN or RST, which closes the channel at once. For one that vanishes without
 * a word (power loss, partition, a NAT that dropped the flow), the agent probes: after three heartbeat
 * intervals without a single inbound message it sends a {@link PingRequest}, and if nothing at all
 * has arrived within {@code requestTimeout} of the probe, it closes the channel and reconnects. A
 * quiet but healthy session costs one small round trip per three intervals. Before the session is
 * open, an unanswered enroll or hello closes the channel after {@code requestTimeout}.
 *
 * <p>With a {@link Mesh}, the agent announces its mesh identity after each hello and answers mesh
 * applies ({@link MeshRequests}); an answer that arrives after the session ended is dropped.
 */
public final class AgentChannelHandler extends ChannelInboundHandlerAdapter {
  /** What this agent can do; the control plane sends nothing else. */
  public static final List<String> CAPABILITIES = List.of("heartbeat", "ping", "certificate-renewal");
  private static final Logger log = LoggerFactory.getLogger(AgentChannelHandler.class);

  private enum State { CONNECTED, ENROLLING, GREETING, OPEN, ENDED }

  private final SessionOwner owner;
  private final HostSide host;
  private final String token;
  private final Clock clock;
  private final RandomGenerator random;
  private final Duration requestTimeout;
  private final MeshRequests mesh;
  private final Modules modules;
  private final SelfUpdates updates;
  private Identity identity;

  private ChannelHandlerContext ctx;
  private State state = State.CONNECTED;
  private String closeReason;
  private long lastCorrelationId;
  private long pendingId;
  private KeyPair enrollmentKeys;
  private ScheduledFuture<?> requestTimer;
  private ScheduledFuture<?> heartbeatTimer;
  private Heartbeats heartbeats;
  private final CertificateRenewal renewal;
  private LivenessProbe liveness;

  /**
   * @param identity the identity this channel's TLS was made with, or null to enroll with {@code token}
   */
  public AgentChannelHandler(SessionOwner owner, HostSide host, Identity identity, String token, Clock clock,
      RandomGenerator random, Duration requestTimeout) {
    this(owner, host, identity, token, clock, random, requestTimeout, null);
  }

  /**
   * @param identity the identity this channel's TLS was made with, or null to enroll with {@code token}
   * @param mesh the host's mesh, or null when this agent runs none (mesh requests are then unsupported)
   */
  public AgentChannelHandler(SessionOwner owner, HostSide host, Identity identity, String token, Clock clock,
      RandomGenerator random, Duration requestTimeout, Mesh mesh) {
    this(owner, host, identity, token, clock, random, requestTimeout, mesh, null);
  }

  /** Like the one above, for an agent that also runs modules ({@code modules} null: none). */
  public AgentChannelHandler(SessionOwner owner, HostSide host, Identity identity, String token, Clock clock,
      RandomGenerator random, Duration requestTimeout, Mesh mesh, Modules modules) {
    this(owner, host, identity, token, clock, random, requestTimeout, mesh, modules, null);
  }

  /** Like the one above, for an agent that can also update itself ({@code updates} null: it cannot). */
  public AgentChannelHandler(SessionOwner owner, HostSide host, Identity identity, String token, Clock clock,
      RandomGenerator random, Duration requestTimeout, Mesh mesh, Modules modules, SelfUpdates updates) {
    if (identity == null && token == null) {
      throw new IllegalArgumentException("a channel without an identity needs a token to enroll");
    }
    this.owner = owner;
    this.host = host;
    this.identity = identity;
    this.token = identity == null ? token : null;
    this.clock = clock;
    this.random = random;
    this.requestTimeout = requestTimeout;
    this.mesh = mesh == null ? null : new MeshRequests(mesh);
    this.modules = modules;
    this.updates = updates;
    this.renewal = new CertificateRenewal(requestTimeout);
  }

  /** Closes the channel, reporting {@code reason} as why the session ended. */
  public void close(String reason) {
    if (ctx != null) {
      end(reason);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        begin();
      } else {
        end("TLS handshake failed: " + Causes.describe(handshake.cause()));
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (message instanceof Envelope envelope) {
      if (liveness != null) {
        liveness.heard(clock.instant());
      }
      dispatch(envelope.correlationId(), envelope.message());
    } else {
      ReferenceCountUtil.release(message);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof SSLException) {
      end("TLS failed: " + Causes.describe(root));
    } else if (cause instanceof DecoderException) {
      end("protocol error: " + Causes.describe(root));
    } else {
      end(Causes.describe(cause));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel(requestTimer);
    cancel(heartbeatTimer);
    State was = state;
    state = State.ENDED;
    String reason = closeReason != null ? closeReason
        : was == State.OPEN ? "the control plane closed the session" : "the control plane closed the connection";
    owner.sessionEnded(reason);
    ctx.fireChannelInactive();
  }

  private void begin() {
    if (state != State.CONNECTED) {
      return;
    }
    String version = host.agentVersion();
    if (identity == null) {
      HostFacts facts = host.facts();
      enrollmentKeys = KeyPairs.ecP256();
      state = State.ENROLLING;
      pendingId = send(new AgentEnrollRequest(ProtocolVersion.CURRENT, version, CAPABILITIES, token,
          SigningRequests.create(enrollmentKeys, facts.hostname()), facts), "enroll request");
    } else {
      state = State.GREETING;
      pendingId = send(new AgentHelloRequest(ProtocolVersion.CURRENT, version,
          mesh == null ? CAPABILITIES : mesh.capabilities(CAPABILITIES)), "hello");
    }
    String what = state == State.ENROLLING ? "enrollment" : "hello";
    requestTimer = ctx.executor().schedule(
        () -> end("no answer to the " + what + " within " + requestTimeout.toMillis() + "ms"),
        requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void dispatch(long id, Message message) {
    if (message instanceof Refusal refusal) {
      owner.refused(refusal);
      end("refused: " + refusal.code() + ": " + refusal.reason());
    } else if (message instanceof AgentEnrollResponse response && state == State.ENROLLING && id == pendingId) {
      enrolled(response);
    } else if (message instanceof AgentHelloResponse response && state == State.GREETING && id == pendingId) {
      open(response);
    } else if (message instanceof CertificateRenewResponse response && renewal.answers(id)) {
      renewed(response);
    } else if (message instanceof CommandFailure failure && renewal.answers(id)) {
      renewal.failed();
      log.atWarn().addKeyValue("host", identity.hostId()).addKeyValue("code", failure.code())
          .addKeyValue("reason", failure.message()).log("certificate renewal failed; retrying at a later heartbeat");
    } else if (message instanceof PingResponse && liveness != null && liveness.answers(id)) {
      log.atDebug().addKeyValue("host", identity.hostId()).log("the control plane answered the liveness probe");
    } else if (message instanceof PingRequest ping && state == State.OPEN) {
      reply(id, new PingResponse(ping.requestId(), host.agentVersion(), host.uptimeSeconds()));
    } else if (message instanceof MeshApplyRequest request && state == State.OPEN && mesh != null) {
      mesh.apply(request, ctx.executor(), answer -> {
        if (state == State.OPEN) {
          reply(id, answer);
        } else {
          log.atInfo().addKeyValue("revision", request.revision())
              .log("the session ended before the mesh apply finished; dropping its answer");
        }
      });
    } else if (message instanceof ModulesDesiredRequest request && state == State.OPEN && modules != null) {
      EventExecutor loop = ctx.executor();
      modules.apply(request).whenComplete((response, failure) -> {
        Message answer = failure != null ? new CommandFailure("modules-failed", Causes.describe(failure)) : response;
        try {
          loop.execute(() -> {
            if (state == State.OPEN) {
              reply(id, answer);
            }
          });
        } catch (RejectedExecutionException e) {
          // The loop is gone with the session: nobody to answer.
        }
      });
    } else if (message instanceof AgentUpdateRequest request && state == State.OPEN && updates != null) {
      EventExecutor loop = ctx.executor();
      updates.apply(request).whenComplete((response, failure) -> {
        Message answer = failure != null ? new CommandFailure("update-failed", Causes.describe(failure)) : response;
        // Once installed the agent restarts into the update even if the session is gone: the link
        // already points at it. With a session, only after the control plane has the answer.
        Runnable then = () -> {
          if (response != null) {
            updates.answered(response);
          }
        };
        try {
          loop.execute(() -> {
            if (state == State.OPEN) {
              ctx.writeAndFlush(new Envelope(id, answer)).addListener(written -> then.run());
            } else {
              then.run();
            }
          });
        } catch (RejectedExecutionException e) {
          then.run();
        }
      });
    } else if (isResponse(message) || id == 0) {
      log.atDebug().addKeyValue("type", MessageType.of(message)).addKeyValue("correlation_id", id)
          .log("ignoring a message no request of ours is waiting for");
    } else if (state == State.OPEN) {
      reply(id, new CommandFailure("unsupported", "agent " + host.agentVersion() + " does not handle " + MessageType.of(message)));
    } else {
      reply(id, new CommandFailure("no-session", "no session is open yet; " + MessageType.of(message) + " must wait for the hello"));
    }
  }

  private static boolean isResponse(Message message) {
    return message instanceof AgentEnrollResponse || message instanceof AgentHelloResponse
        || message instanceof CertificateRenewResponse || message instanceof CommandFailure
        || message instanceof PingResponse || message instanceof MeshApplyResponse;
  }

  private void enrolled(AgentEnrollResponse response) {
    cancel(requestTimer);
    Identity enrolled;
    try {
      X509Certificate certificate = Pem.certificate(response.certificatePem());
      if (!Identity.certifies(certificate, enrollmentKeys.getPublic())) {
        end("enrollment answered with a certificate for another key");
        return;
      }
      enrolled = new Identity(response.hostId(), enrollmentKeys.getPrivate(), certificate, Pem.certificate(response.caCertificatePem()));
    } catch (RuntimeException e) {
      end("enrollment response is not usable: " + Causes.describe(e));
      return;
    }
    enrollmentKeys = null;
    try {
      owner.enrolled(enrolled);
    } catch (RuntimeException e) {
      end("enrolled as " + enrolled.hostId() + " but cannot store the identity: " + Causes.describe(e));
      return;
    }
    // The gateway closes an enrollment channel after answering; we need not wait for it.
    end("enrolled; reconnecting with the new identity");
  }

  private void open(AgentHelloResponse hello) {
    cancel(requestTimer);
    if (!ProtocolVersion.isAccepted(hello.protocolVersion())) {
      end("the control plane chose protocol " + hello.protocolVersion() + "; this agent speaks " + ProtocolVersion.acceptedRange());
      return;
    }
    state = State.OPEN;
    heartbeats = new Heartbeats(hello.heartbeatIntervalMillis(), hello.heartbeatJitterMillis());
    liveness = new LivenessProbe(heartbeats.intervalMillis(), requestTimeout, clock.instant());
    owner.sessionOpened(hello);
    heartbeat();
    if (mesh != null && state == State.OPEN) {
      mesh.identity().ifPresent(identityEvent -> write(Envelope.event(identityEvent), "mesh identity"));
    }
    if (updates != null && state == State.OPEN) {
      updates.checkedIn().ifPresent(report -> write(Envelope.event(report), "update report"));
    }
  }

  private void heartbeat() {
    if (state != State.OPEN) {
      return;
    }
    write(Envelope.event(heartbeats.next(host, identity.hostId())), "heartbeat");
    Instant now = clock.instant();
    if (!probeControlPlane(now)) {
      return;
    }
    if (renewal.due(identity, now)) {
      log.atInfo().addKeyValue("host", identity.hostId()).addKeyValue("not_after", identity.notAfter())
          .log("renewing the client certificate");
      long id = ++lastCorrelationId;
      write(new Envelope(id, renewal.start(identity, id, now)), "certificate renewal");
    }
    heartbeatTimer = ctx.executor().schedule(this::heartbeat, heartbeats.nextDelayMillis(random), TimeUnit.MILLISECONDS);
  }

  /** False when the control plane has gone silent past a probe's deadline and the channel is being closed. */
  private boolean probeControlPlane(Instant now) {
    switch (liveness.check(now)) {
      case DEAD:
        end("the control plane answered nothing for " + liveness.silentFor(now).toSeconds() + "s");
        return false;
      case PROBE:
        liveness.sent(send(new PingRequest("liveness-" + now.toEpochMilli()), "liveness probe"), now);
        return true;
      default:
        return true;
    }
  }

  private void renewed(CertificateRenewResponse response) {
    Identity renewed;
    try {
      renewed = renewal.complete(identity, response);
      owner.certificateRenewed(renewed);
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("host", identity.hostId()).addKeyValue("reason", Causes.describe(e))
          .log("cannot use the renewed certificate; keeping the current one and retrying at a later heartbeat");
      return;
    }
    identity = renewed;
  }

  private long send(Message request, String what) {
    long id = ++lastCorrelationId;
    write(new Envelope(id, request), what);
    return id;
  }

  private void reply(long correlationId, Message response) {
    write(new Envelope(correlationId, response), MessageType.of(response).name());
  }

  private void write(Envelope envelope, String what) {
    ctx.writeAndFlush(envelope).addListener((ChannelFutureListener) future -> {
      if (!future.isSuccess()) {
        end("cannot send the " + what + ": " + Causes.describe(future.cause()));
      }
    });
  }

  private void end(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    ctx.close();
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
