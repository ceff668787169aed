package dev.loopback.activities.agents.gateway;

import dev.loopback.activities.catalog.UpdateQuery;
import dev.loopback.activities.errors.InvalidFieldException;
import dev.loopback.activities.agents.enrollment.EnrollmentOutcome;
import dev.loopback.activities.agents.sessions.AgentDisconnectedException;
import dev.loopback.activities.agents.sessions.LiveSession;
import dev.loopback.activities.agents.sessions.SessionAdmission;
import dev.loopback.activities.agents.sessions.SessionAdmission.PeerIdentity;
import dev.loopback.activities.audit.Actor;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.AgentEnrollResponse;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.CertificateRenewRequest;
import dev.loopback.protocol.messages.UpdateCheckRequest;
import dev.loopback.protocol.messages.UpdateCheckResponse;
import dev.loopback.protocol.messages.CertificateRenewResponse;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import dev.loopback.protocol.messages.AgentUpdateReport;
import dev.loopback.protocol.messages.AgentUpdateResponse;
import dev.loopback.workflows.updates.AgentRollback;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.workflows.hosts.AgentCheckIn;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent channel, from handshake to close.
 *
 * <p>A channel without a client certificate may only enroll, once, and is closed after the answer;
 * a channel with one may only open a session (hello), then carries heartbeats, renewals and the
 * control plane's commands. The certificate's subject is the host id: nothing a peer sends can
 * make this channel speak for another host. Database work runs on {@link GatewayServices#blocking};
 * its results come back to the event loop before anything is written.
 */
final class AgentGatewayHandler extends SimpleChannelInboundHandler<Envelope> {
  private static final Logger log = LoggerFactory.getLogger(AgentGatewayHandler.class);
  private final GatewayServices services;
  private PeerIdentity peer;
  private LiveSession session;
  private boolean busy;
  /** Set once we decided to close: frames still in the same read must not be acted on. */
  private boolean closing;

  AgentGatewayHandler(GatewayServices services) {
    this.services = services;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
      peer = peerOf(ctx);
    } else if (event instanceof IdleStateEvent) {
      log.atDebug().addKeyValue("hostId", peer == null ? null : peer.hostId()).log("Closing a silent agent channel");
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
    if (closing) {
      return;
    }
    Object message = envelope.message();
    if (message instanceof HeartbeatEvent beat && session != null) {
      services.heartbeats().record(session.hostId(), beat);
    } else if (message instanceof PingRequest probe && session != null) {
      // The agent's liveness probe after a quiet spell: answering proves the control plane is still there.
      ctx.writeAndFlush(new Envelope(envelope.correlationId(), new PingResponse(probe.requestId(), "control-plane", 0)));
    } else if (message instanceof MeshIdentityEvent identity && session != null) {
      UUID hostId = session.hostId();
      String endpoint = address(ctx).getHostAddress();
      services.blocking().execute(() -> services.meshIdentities().record(hostId, identity, endpoint));
    } else if (message instanceof AgentUpdateReport report && session != null) {
      services.checkIns().sendRollback(new AgentRollback(session.hostId().toString(), report.version(), report.runningVersion(),
          report.reason()), services.blocking());
    } else if (message instanceof PingResponse || message instanceof MeshApplyResponse || message instanceof ModulesDesiredResponse
        || message instanceof AgentUpdateResponse || message instanceof CommandFailure) {
      if (session == null || !session.complete(envelope)) {
        log.atDebug().addKeyValue("correlationId", envelope.correlationId()).log("Dropping a response nobody waits for");
      }
    } else if (message instanceof AgentEnrollRequest enroll) {
      enroll(ctx, envelope.correlationId(), enroll);
    } else if (message instanceof AgentHelloRequest hello) {
      hello(ctx, envelope.correlationId(), hello);
    } else if (message instanceof CertificateRenewRequest renew && session != null) {
      renew(ctx, envelope.correlationId(), renew);
    } else if (message instanceof UpdateCheckRequest check && session != null) {
      // Off the loop: the index may rebuild from the database after a publish.
      offLoop(services.blocking(), ctx, envelope.correlationId(), () -> updateCheck(check),
          answer -> ctx.writeAndFlush(new Envelope(envelope.correlationId(), answer)));
    } else {
      ctx.writeAndFlush(new Envelope(envelope.correlationId(), new CommandFailure("unexpected",
          message.getClass().getSimpleName() + " is not valid " + (session == null ? "before a session is open" : "here"))));
    }
  }

  private void enroll(ChannelHandlerContext ctx, long correlationId, AgentEnrollRequest request) {
    if (!admissible(ctx, correlationId)) {
      return;
    }
    if (peer != null) {
      refuse(ctx, correlationId, RefusalCode.WRONG_CHANNEL, "this host is already enrolled: send a hello, not an enrollment");
      return;
    }
    busy = true;
    Actor actor = new Actor("agent@" + address(ctx).getHostAddress(), ctx.channel().id().asShortText());
    offLoop(services.enrolling(), ctx, correlationId, () -> services.enrollments().enroll(request, actor), outcome -> {
      if (outcome instanceof EnrollmentOutcome.Enrolled enrolled) {
        log.atInfo().addKeyValue("hostId", enrolled.hostId()).addKeyValue("workspaceId", enrolled.workspaceId())
            .addKeyValue("remote", address(ctx).getHostAddress()).log("Host enrolled");
        // The identity is issued; the session belongs on a mutual-TLS channel, so this one ends here.
        ctx.writeAndFlush(new Envelope(correlationId, new AgentEnrollResponse(enrolled.hostId().toString(),
            enrolled.workspaceId().toString(), enrolled.certificatePem(), enrolled.caCertificatePem())))
            .addListener(ChannelFutureListener.CLOSE);
        closing = true;
      } else {
        EnrollmentOutcome.Refused refused = (EnrollmentOutcome.Refused) outcome;
        refuse(ctx, correlationId, refused.code(), refused.reason());
      }
    });
  }

  private void hello(ChannelHandlerContext ctx, long correlationId, AgentHelloRequest hello) {
    if (!admissible(ctx, correlationId)) {
      return;
    }
    if (peer == null || session != null) {
      refuse(ctx, correlationId, RefusalCode.WRONG_CHANNEL, peer == null
          ? "a hello needs the host's client certificate: enroll first" : "this channel already has a session");
      return;
    }
    busy = true;
    LiveSession opening = new LiveSession(peer.hostId(), UUID.randomUUID(), ctx.channel());
    String remote = address(ctx).getHostAddress();
    Actor actor = new Actor("host:" + peer.hostId(), ctx.channel().id().asShortText());
    offLoop(services.blocking(), ctx, correlationId, () -> services.admission().admit(peer, hello, opening, remote, actor), decision -> {
      if (decision instanceof SessionAdmission.Refused refused) {
        refuse(ctx, correlationId, refused.code(), refused.reason());
        return;
      }
      session = opening;
      busy = false;
      if (!ctx.channel().isActive()) {
        closeSession(ctx);
        return;
      }
      var settings = services.settings();
      ctx.writeAndFlush(new Envelope(correlationId, new AgentHelloResponse(peer.hostId().toString(),
          Math.min(hello.protocolVersion(), ProtocolVersion.CURRENT), settings.heartbeatInterval().toMillis(),
          settings.heartbeatJitter().toMillis(), settings.replicaId())));
      log.atDebug().addKeyValue("hostId", peer.hostId()).addKeyValue("agentVersion", hello.agentVersion()).log("Session open");
      // The modules its workspace runs, after the hello's answer so that the agent has its session.
      LiveSession opened = session;
      services.blocking().execute(() -> services.modules().push(opened.hostId(), opened));
      SessionAdmission.Admitted admitted = (SessionAdmission.Admitted) decision;
      if (admitted.awaitedByBringUp() || admitted.awaitedByUpdate()) {
        AgentCheckIn checkIn = new AgentCheckIn(peer.hostId().toString(), hello.agentVersion(), settings.replicaId(),
            System.currentTimeMillis());
        if (admitted.awaitedByBringUp()) {
          services.checkIns().send(checkIn, services.blocking());
        } else {
          services.checkIns().sendToUpdate(checkIn, services.blocking());
        }
      }
    });
  }

  private void renew(ChannelHandlerContext ctx, long correlationId, CertificateRenewRequest request) {
    UUID hostId = session.hostId();
    Actor actor = new Actor("host:" + hostId, ctx.channel().id().asShortText());
    offLoop(services.blocking(), ctx, correlationId, () -> renewal(hostId, request.csrPem(), actor),
        answer -> ctx.writeAndFlush(new Envelope(correlationId, answer)));
  }

  private Message updateCheck(UpdateCheckRequest check) {
    try {
      return services.updates().next(new UpdateQuery(check.component(), check.channel(), check.version(), check.arch(), check.format(),
          check.coreVersion())).offer().map(o -> (Message) new UpdateCheckResponse(true, o.component(), o.version(), o.channel(), o.arch(),
              o.format(), o.size(), o.sha512(), o.signature(), o.signatureKeyId(), o.url(), o.notes()))
          .orElse(UpdateCheckResponse.none());
    } catch (InvalidFieldException e) {
      return new CommandFailure("invalid_request", e.field() + ": " + e.getMessage());
    }
  }

  private Message renewal(UUID hostId, String csrPem, Actor actor) {
    try {
      return new CertificateRenewResponse(services.renewal().renew(hostId, csrPem, actor).pem(), services.caPem());
    } catch (IllegalArgumentException | IllegalStateException e) {
      return new CommandFailure("renewal_refused", e.getMessage());
    }
  }

  /** Refuses at once, without touching the database, an address that has been refused too often. */
  private boolean admissible(ChannelHandlerContext ctx, long correlationId) {
    if (busy) {
      ctx.writeAndFlush(new Envelope(correlationId, new CommandFailure("busy", "the previous request is still being handled")));
      return false;
    }
    long wait = services.limiter().retryAfterMillis(address(ctx));
    if (wait > 0) {
      closing = true;
      Refusal refusal = new Refusal(RefusalCode.RATE_LIMITED, "too many refused attempts from this address; retry in " + wait + " ms", wait);
      ctx.writeAndFlush(new Envelope(correlationId, refusal)).addListener(ChannelFutureListener.CLOSE);
      return false;
    }
    return true;
  }

  private void refuse(ChannelHandlerContext ctx, long correlationId, RefusalCode code, String reason) {
    InetAddress from = address(ctx);
    if (!code.retryable()) {
      // Only refusals a retry cannot fix count: an overloaded control plane must not lock out a
      // whole NAT'ed site that merely retried.
      services.limiter().refused(from);
    }
    log.atWarn().addKeyValue("code", code).addKeyValue("remote", from.getHostAddress())
        .addKeyValue("hostId", peer == null ? null : peer.hostId()).log("Refused agent: {}", reason);
    closing = true;
    long retryAfter = code.retryable() ? 1000 : 0;
    ctx.writeAndFlush(new Envelope(correlationId, new Refusal(code, reason, retryAfter))).addListener(ChannelFutureListener.CLOSE);
  }

  /** Runs {@code work} on {@code pool} and {@code then} back on the channel's event loop. */
  private <T> void offLoop(Executor pool, ChannelHandlerContext ctx, long correlationId, Supplier<T> work, Consumer<T> then) {
    try {
      pool.execute(() -> {
        T result;
        try {
          result = work.get();
        } catch (RuntimeException e) {
          log.warn("Agent request failed inside the control plane", e);
          ctx.executor().execute(() -> refuse(ctx, correlationId, RefusalCode.UNAVAILABLE,
              "the control plane could not handle the request: " + e.getClass().getSimpleName()));
          return;
        }
        ctx.executor().execute(() -> then.accept(result));
      });
    } catch (RejectedExecutionException e) {
      refuse(ctx, correlationId, RefusalCode.UNAVAILABLE, "the control plane is overloaded; retry shortly");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closeSession(ctx);
    super.channelInactive(ctx);
  }

  private void closeSession(ChannelHandlerContext ctx) {
    LiveSession ending = session;
    session = null;
    if (ending != null) {
      try {
        services.blocking().execute(() -> services.sessions().close(ending, new AgentDisconnectedException(ending.hostId(), null)));
      } catch (RejectedExecutionException e) {
        log.atDebug().addKeyValue("hostId", ending.hostId()).log("Session close not recorded: shutting down");
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (closing) {
      return;
    }
    closing = true;
    if (cause instanceof DecoderException && !(cause.getCause() instanceof SSLException)) {
      log.atWarn().addKeyValue("remote", address(ctx).getHostAddress()).log("Closing a channel that broke the protocol: {}", cause.getMessage());
      ctx.writeAndFlush(Envelope.event(new CommandFailure("protocol_error", String.valueOf(cause.getMessage()))))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    log.atDebug().addKeyValue("remote", address(ctx).getHostAddress()).log("Agent channel failed: {}", cause.toString());
    ctx.close();
  }

  private static PeerIdentity peerOf(ChannelHandlerContext ctx) {
    try {
      var certificates = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
      return PeerIdentity.of((X509Certificate) certificates[0]);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private static InetAddress address(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }
}
