package dev.loopback.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.FixedHost;
import dev.loopback.agent.StubRandom;
import dev.loopback.agent.TestCertificates;
import dev.loopback.agent.TestClock;
import dev.loopback.agent.identity.Identity;
import dev.loopback.protocol.ProtocolVersion;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.AgentEnrollResponse;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.CertificateRenewRequest;
import dev.loopback.protocol.messages.CertificateRenewResponse;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.ModuleState;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.protocol.tls.KeyPairs;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.SigningRequests;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class AgentChannelHandlerTest {
  private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final TestCertificates pki = new TestCertificates();
  private final TestClock clock = new TestClock(ISSUED.plus(Duration.ofDays(1)));
  private final FixedHost host = new FixedHost();
  private final RecordingOwner owner = new RecordingOwner();
  private final Identity identity = pki.identity("host-1", ISSUED, ISSUED.plus(Duration.ofDays(90)));

  @Test
  void sendsNothingUntilTheTlsHandshakeCompletes() {
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));

    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void enrollsWithTheTokenAndACsrForAFreshKeyWhenThereIsNoIdentity() {
    EmbeddedChannel channel = channel(null, "tok-secret", new StubRandom(0.5));

    handshake(channel);

    Envelope sent = channel.readOutbound();
    assertThat(sent.correlationId()).isNotZero();
    AgentEnrollRequest request = (AgentEnrollRequest) sent.message();
    assertThat(request.token()).isEqualTo("tok-secret");
    assertThat(request.protocolVersion()).isEqualTo(ProtocolVersion.CURRENT);
    assertThat(request.agentVersion()).isEqualTo("1.2.3");
    assertThat(request.facts()).isEqualTo(host.facts);
    assertThat(SigningRequests.verifiedPublicKey(request.csrPem())).isNotNull();
  }

  @Test
  void greetsWithHelloAndNoTokenWhenThereIsAnIdentity() {
    EmbeddedChannel channel = channel(identity, "tok-secret", new StubRandom(0.5));

    handshake(channel);

    Envelope sent = channel.readOutbound();
    assertThat(sent.message()).isEqualTo(new AgentHelloRequest(ProtocolVersion.CURRENT, "1.2.3", AgentChannelHandler.CAPABILITIES));
    assertThat(sent.correlationId()).isNotZero();
  }

  @Test
  void handsTheIssuedIdentityToTheOwnerAndClosesAfterEnrollment() {
    EmbeddedChannel channel = channel(null, "tok-secret", new StubRandom(0.5));
    handshake(channel);
    Envelope sent = channel.readOutbound();
    PublicKey key = SigningRequests.verifiedPublicKey(((AgentEnrollRequest) sent.message()).csrPem());
    var certificate = pki.issue(key, ISSUED, ISSUED.plus(Duration.ofDays(90)));

    channel.writeInbound(new Envelope(sent.correlationId(),
        new AgentEnrollResponse("host-9", "ws-1", Pem.encode(certificate), Pem.encode(pki.ca()))));

    assertThat(owner.enrolled.hostId()).isEqualTo("host-9");
    assertThat(owner.enrolled.certificate()).isEqualTo(certificate);
    assertThat(owner.enrolled.ca()).isEqualTo(pki.ca());
    assertThat(Identity.certifies(owner.enrolled.certificate(), key)).isTrue();
    assertThat(channel.isOpen()).isFalse();
    assertThat(owner.ended).singleElement().asString().contains("enrolled");
  }

  @Test
  void refusesAnEnrollmentCertificateIssuedForAnotherKey() {
    EmbeddedChannel channel = channel(null, "tok-secret", new StubRandom(0.5));
    handshake(channel);
    Envelope sent = channel.readOutbound();
    var foreign = pki.issue(KeyPairs.ecP256().getPublic(), ISSUED, ISSUED.plus(Duration.ofDays(90)));

    channel.writeInbound(new Envelope(sent.correlationId(),
        new AgentEnrollResponse("host-9", "ws-1", Pem.encode(foreign), Pem.encode(pki.ca()))));

    assertThat(owner.enrolled).isNull();
    assertThat(owner.ended).singleElement().asString().contains("another key");
  }

  @Test
  void answersPingWithTheRequestsCorrelationId() {
    EmbeddedChannel channel = openSession(10_000, 0, new StubRandom(0.5));

    channel.writeInbound(new Envelope(7777, new PingRequest("req-1")));

    Envelope reply = channel.readOutbound();
    assertThat(reply).isEqualTo(new Envelope(7777, new PingResponse("req-1", "1.2.3", 42)));
  }

  @Test
  void answersARequestItDoesNotHandleWithUnsupported() {
    EmbeddedChannel channel = openSession(10_000, 0, new StubRandom(0.5));

    channel.writeInbound(new Envelope(31, new CertificateRenewRequest("not for an agent")));

    Envelope reply = channel.readOutbound();
    assertThat(reply.correlationId()).isEqualTo(31);
    assertThat(((CommandFailure) reply.message()).code()).isEqualTo("unsupported");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void ignoresAResponseNoRequestIsWaitingFor() {
    EmbeddedChannel channel = openSession(10_000, 0, new StubRandom(0.5));

    channel.writeInbound(new Envelope(999, new CommandFailure("late", "nobody asked")));

    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void sendsTheFirstHeartbeatAtOnceAndTheNextAfterTheIntervalPlusJitter() {
    // 1.0 draws the top of [-jitter, +jitter]: the next beat is due at 10 s + 2 s.
    EmbeddedChannel channel = channel(identity, null, new StubRandom(1.0));
    openSession(channel, 10_000, 2_000);
    assertThat(((Envelope) channel.readOutbound()).message()).isInstanceOf(HeartbeatEvent.class);

    channel.advanceTimeBy(11_999, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();

    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    Envelope beat = channel.readOutbound();
    assertThat(beat.correlationId()).isZero();
    assertThat(beat.message()).isInstanceOf(HeartbeatEvent.class);
  }

  @Test
  void jitterCanAlsoBringTheNextHeartbeatForward() {
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.0));
    openSession(channel, 10_000, 2_000);
    channel.readOutbound();

    channel.advanceTimeBy(7_999, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();

    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(((Envelope) channel.readOutbound()).message()).isInstanceOf(HeartbeatEvent.class);
  }

  @Test
  void sendsFactsAndModulesInTheFirstHeartbeatAndThenOnlyWhenTheyChange() {
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));
    host.modules = List.of(new ModuleState("firewall", "1.0.0", "active", null));
    openSession(channel, 10_000, 0);
    HeartbeatEvent first = heartbeat(channel);
    assertThat(first.facts()).isEqualTo(host.facts);
    assertThat(first.modules()).isEqualTo(host.modules);

    HeartbeatEvent unchanged = nextHeartbeat(channel, 10_000);
    assertThat(unchanged.facts()).isNull();
    assertThat(unchanged.modules()).isNull();
    assertThat(unchanged.agentVersion()).isEqualTo("1.2.3");

    host.facts = new HostFacts("web-1", "Debian GNU/Linux 12", "6.1.0", "x86_64", List.of("10.0.0.5", "10.0.0.6"));
    HeartbeatEvent changed = nextHeartbeat(channel, 10_000);
    assertThat(changed.facts()).isEqualTo(host.facts);
    assertThat(changed.modules()).isNull();
  }

  @Test
  void closesWhenTheHelloIsNotAnswered() {
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));
    handshake(channel);

    channel.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).isFalse();
    assertThat(owner.ended).singleElement().asString().contains("no answer to the hello");
  }

  @Test
  void reportsARefusalToTheOwnerAndCloses() {
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));
    handshake(channel);
    Envelope hello = channel.readOutbound();
    Refusal refusal = new Refusal(RefusalCode.HOST_REVOKED, "host was removed", 0);

    channel.writeInbound(new Envelope(hello.correlationId(), refusal));

    assertThat(owner.refused).isEqualTo(refusal);
    assertThat(channel.isOpen()).isFalse();
    assertThat(owner.ended).singleElement().asString().contains("HOST_REVOKED").contains("host was removed");
  }

  @Test
  void namesAFailedTlsHandshakeAsTheReasonTheChannelEnded() {
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));

    channel.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new SSLHandshakeException("PKIX path building failed")));

    assertThat(channel.isOpen()).isFalse();
    assertThat(owner.ended).singleElement().asString().contains("TLS handshake failed").contains("PKIX");
  }

  @Test
  void asksForANewCertificateOnceTwoThirdsOfItsValidityHavePassed() {
    // Valid for 90 days from ISSUED: renewal is due after day 60.
    clock.set(ISSUED.plus(Duration.ofDays(59)));
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));
    openSession(channel, 10_000, 0);
    heartbeat(channel);
    assertThat((Object) channel.readOutbound()).isNull();

    clock.set(ISSUED.plus(Duration.ofDays(60)).plusSeconds(1));
    nextHeartbeat(channel, 10_000);

    // The clock jumped a day, which also looks like a silent control plane: skip the liveness probe.
    Envelope renewal = channel.readOutbound();
    if (renewal.message() instanceof PingRequest) {
      renewal = channel.readOutbound();
    }
    assertThat(renewal.correlationId()).isNotZero();
    PublicKey fresh = SigningRequests.verifiedPublicKey(((CertificateRenewRequest) renewal.message()).csrPem());
    assertThat(fresh.getEncoded()).isNotEqualTo(identity.certificate().getPublicKey().getEncoded());
  }

  @Test
  void handsTheRenewedIdentityToTheOwnerAndKeepsTheSessionOpen() {
    clock.set(ISSUED.plus(Duration.ofDays(61)));
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));
    openSession(channel, 10_000, 0);
    heartbeat(channel);
    Envelope renewal = channel.readOutbound();
    PublicKey fresh = SigningRequests.verifiedPublicKey(((CertificateRenewRequest) renewal.message()).csrPem());
    var renewed = pki.issue(fresh, clock.instant(), clock.instant().plus(Duration.ofDays(90)));

    channel.writeInbound(new Envelope(renewal.correlationId(), new CertificateRenewResponse(Pem.encode(renewed), Pem.encode(pki.ca()))));

    assertThat(owner.renewed.hostId()).isEqualTo("host-1");
    assertThat(owner.renewed.certificate()).isEqualTo(renewed);
    assertThat(Identity.certifies(renewed, fresh)).isTrue();
    assertThat(channel.isOpen()).isTrue();
    nextHeartbeat(channel, 10_000);
    assertThat((Object) channel.readOutbound()).as("no second renewal for the fresh certificate").isNull();
  }

  @Test
  void retriesAFailedRenewalAtALaterHeartbeat() {
    clock.set(ISSUED.plus(Duration.ofDays(61)));
    EmbeddedChannel channel = channel(identity, null, new StubRandom(0.5));
    openSession(channel, 10_000, 0);
    heartbeat(channel);
    Envelope first = channel.readOutbound();

    channel.writeInbound(new Envelope(first.correlationId(), new CommandFailure("ca-unavailable", "try later")));
    assertThat((Object) channel.readOutbound()).isNull();
    nextHeartbeat(channel, 10_000);

    Envelope second = channel.readOutbound();
    assertThat(second.message()).isInstanceOf(CertificateRenewRequest.class);
    assertThat(second.correlationId()).isNotEqualTo(first.correlationId());
    assertThat(owner.renewed).isNull();
  }

  @Test
  void probesAControlPlaneThatStaysSilentAndClosesWhenTheProbeGoesUnanswered() {
    EmbeddedChannel channel = openSession(10_000, 0, new StubRandom(0.5));
    beat(channel);
    beat(channel);
    assertThat((Object) channel.readOutbound()).as("silence below three intervals is normal").isNull();

    beat(channel);
    Envelope probe = channel.readOutbound();
    assertThat(probe.message()).isInstanceOf(PingRequest.class);
    assertThat(probe.correlationId()).isNotZero();

    beat(channel);
    beat(channel);
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(10_000, TimeUnit.MILLISECONDS);
    clock.advance(Duration.ofMillis(10_000));
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).as("closed %s after the unanswered probe", TIMEOUT).isFalse();
    assertThat(owner.ended).singleElement().asString().contains("answered nothing");
  }

  @Test
  void anAnsweredProbeKeepsTheSessionOpen() {
    EmbeddedChannel channel = openSession(10_000, 0, new StubRandom(0.5));
    beat(channel);
    beat(channel);
    beat(channel);
    Envelope probe = channel.readOutbound();

    channel.writeInbound(new Envelope(probe.correlationId(), new PingResponse(((PingRequest) probe.message()).requestId(), "cp", 0)));
    for (int i = 0; i < 5; i++) {
      beat(channel);
      channel.readOutbound(); // a second probe after three more quiet intervals is fine
    }

    assertThat(channel.isOpen()).isTrue();
    assertThat(owner.ended).isEmpty();
  }

  /** Ten seconds on both the channel's scheduler and the clock; returns nothing but the heartbeat is consumed. */
  private void beat(EmbeddedChannel channel) {
    clock.advance(Duration.ofMillis(10_000));
    heartbeat(channel.isOpen() ? advanced(channel) : channel);
  }

  private static EmbeddedChannel advanced(EmbeddedChannel channel) {
    channel.advanceTimeBy(10_000, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    return channel;
  }

  private EmbeddedChannel channel(Identity identity, String token, RandomGenerator random) {
    EmbeddedChannel channel = new EmbeddedChannel(new AgentChannelHandler(owner, host, identity, token, clock, random, TIMEOUT));
    channel.freezeTime();
    return channel;
  }

  private static void handshake(EmbeddedChannel channel) {
    channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
  }

  private EmbeddedChannel openSession(long interval, long jitter, RandomGenerator random) {
    EmbeddedChannel channel = channel(identity, null, random);
    openSession(channel, interval, jitter);
    heartbeat(channel);
    return channel;
  }

  private void openSession(EmbeddedChannel channel, long interval, long jitter) {
    handshake(channel);
    Envelope hello = channel.readOutbound();
    channel.writeInbound(new Envelope(hello.correlationId(), new AgentHelloResponse("host-1", 1, interval, jitter, "replica-a")));
    assertThat(owner.opened).isNotNull();
  }

  private static HeartbeatEvent heartbeat(EmbeddedChannel channel) {
    Envelope beat = channel.readOutbound();
    assertThat(beat.correlationId()).isZero();
    return (HeartbeatEvent) beat.message();
  }

  private static HeartbeatEvent nextHeartbeat(EmbeddedChannel channel, long afterMillis) {
    channel.advanceTimeBy(afterMillis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    return heartbeat(channel);
  }

  static final class RecordingOwner implements SessionOwner {
    Identity enrolled;
    AgentHelloResponse opened;
    Identity renewed;
    Refusal refused;
    final List<String> ended = new ArrayList<>();

    @Override
    public void enrolled(Identity identity) {
      enrolled = identity;
    }

    @Override
    public void sessionOpened(AgentHelloResponse hello) {
      opened = hello;
    }

    @Override
    public void certificateRenewed(Identity identity) {
      renewed = identity;
    }

    @Override
    public void refused(Refusal refusal) {
      refused = refusal;
    }

    @Override
    public void sessionEnded(String reason) {
      ended.add(reason);
    }
  }
}
