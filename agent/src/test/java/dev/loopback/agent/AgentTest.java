package dev.loopback.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopback.agent.channel.AgentListener;
import dev.loopback.agent.channel.Backoff;
import dev.loopback.agent.identity.Identity;
import dev.loopback.agent.identity.InMemoryIdentityStore;
import dev.loopback.protocol.messages.AgentEnrollRequest;
import dev.loopback.protocol.messages.AgentEnrollResponse;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.Refusal;
import dev.loopback.protocol.messages.RefusalCode;
import dev.loopback.protocol.tls.Pem;
import dev.loopback.protocol.tls.ServerTrust;
import dev.loopback.protocol.tls.SigningRequests;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentTest {
  private static final String PIN = "ab".repeat(32);
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(30));
  private final TestCertificates pki = new TestCertificates();
  private final TestClock clock = new TestClock(Instant.now());
  private final FixedHost host = new FixedHost();
  private final EmbeddedConnector connector = new EmbeddedConnector();
  private final EmbeddedChannel timer = new EmbeddedChannel();
  private final RecordingListener listener = new RecordingListener();
  private final InMemoryIdentityStore store = new InMemoryIdentityStore();
  private final AgentSettings enrolling = new AgentSettings("gateway.example", 7443, "tok-secret", ServerTrust.pinned(PIN))
      .withBackoff(BACKOFF);

  AgentTest() {
    timer.freezeTime();
  }

  @AfterEach
  void closeChannels() {
    connector.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    timer.finishAndReleaseAll();
  }

  @Test
  void storesTheIssuedIdentityAndReconnectsAtOnceWithHelloInsteadOfTheToken() {
    Agent agent = agent(enrolling, new StubRandom(0.5));
    agent.start();
    timer.runPendingTasks();
    EmbeddedChannel first = handshake(connector.last());
    Envelope enroll = first.readOutbound();
    var key = SigningRequests.verifiedPublicKey(((AgentEnrollRequest) enroll.message()).csrPem());
    var certificate = pki.issue(key, clock.instant(), clock.instant().plus(Duration.ofDays(30)));

    first.writeInbound(new Envelope(enroll.correlationId(),
        new AgentEnrollResponse("host-7", "ws-1", Pem.encode(certificate), Pem.encode(pki.ca()))));

    assertThat(store.load()).get().extracting(Identity::hostId).isEqualTo("host-7");
    assertThat(agent.hostId()).contains("host-7");
    assertThat(listener.enrolled).containsExactly("host-7");
    assertThat(listener.delays).containsExactly(0L);
    timer.runScheduledPendingTasks();
    EmbeddedChannel second = handshake(connector.last());
    assertThat(connector.channels).hasSize(2);
    assertThat(((Envelope) second.readOutbound()).message()).isInstanceOf(AgentHelloRequest.class);
    assertThat(connector.contexts.get(1)).isNotSameAs(connector.contexts.get(0));
  }

  @Test
  void neverSendsTheTokenOnceTheHostHasAnIdentity() {
    store.save(pki.identity("host-1", clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofDays(30))));
    agent(enrolling, new StubRandom(0.5)).start();
    timer.runPendingTasks();

    Envelope sent = handshake(connector.last()).readOutbound();

    assertThat(sent.message()).isInstanceOf(AgentHelloRequest.class);
  }

  @Test
  void refusesToStartWithoutAnIdentityOrATokenToGetOne() {
    AgentSettings noToken = new AgentSettings("gateway.example", 7443, null, ServerTrust.pinned(PIN));

    assertThatThrownBy(() -> agent(noToken, new StubRandom(0.5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("token");
  }

  @Test
  void reconnectsAfterConnectFailuresWithGrowingJitteredDelays() {
    connector.refuse = true;
    agent(enrolling, new StubRandom(1.0)).start();
    timer.runPendingTasks();

    for (int i = 0; i < 5; i++) {
      long delay = listener.delays.get(listener.delays.size() - 1);
      timer.advanceTimeBy(delay, TimeUnit.MILLISECONDS);
      timer.runScheduledPendingTasks();
    }

    // Drawing the top of each range shows the ceilings: base·2^n, capped.
    assertThat(listener.delays).startsWith(100L, 200L, 400L, 800L, 1_000L, 1_000L);
    assertThat(connector.attempts).isEqualTo(6);
    assertThat(listener.connectFailures).allSatisfy(reason -> assertThat(reason).contains("Connection refused"));
  }

  @Test
  void doesNotDialAgainBeforeTheDrawnDelayHasPassed() {
    connector.refuse = true;
    agent(enrolling, new StubRandom(1.0)).start();
    timer.runPendingTasks();
    assertThat(connector.attempts).isEqualTo(1);

    timer.advanceTimeBy(99, TimeUnit.MILLISECONDS);
    timer.runScheduledPendingTasks();
    assertThat(connector.attempts).isEqualTo(1);

    timer.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    timer.runScheduledPendingTasks();
    assertThat(connector.attempts).isEqualTo(2);
  }

  @Test
  void startsTheBackoffOverAfterASessionThatStayedOpen() {
    store.save(pki.identity("host-1", clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofDays(30))));
    connector.refuse = true;
    agent(enrolling, new StubRandom(1.0)).start();
    timer.runPendingTasks();
    for (int i = 0; i < 3; i++) {
      timer.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
      timer.runScheduledPendingTasks();
    }
    assertThat(listener.delays).containsExactly(100L, 200L, 400L, 800L);
    connector.refuse = false;
    timer.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
    timer.runScheduledPendingTasks();
    EmbeddedChannel session = openSession(connector.last());

    clock.advance(Duration.ofSeconds(31));
    session.close();

    assertThat(listener.delays).last().isEqualTo(100L);
  }

  @Test
  void keepsGrowingTheBackoffWhenASessionDropsRightAfterTheHello() {
    store.save(pki.identity("host-1", clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofDays(30))));
    agent(enrolling, new StubRandom(1.0)).start();
    timer.runPendingTasks();
    openSession(connector.last()).close();
    timer.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
    timer.runScheduledPendingTasks();

    openSession(connector.last()).close();

    assertThat(listener.delays).containsExactly(100L, 200L);
    assertThat(listener.closed).hasSize(2);
  }

  @Test
  void stopsForGoodOnARefusalThatRetryingCannotFix() {
    Agent agent = agent(enrolling, new StubRandom(0.5));
    agent.start();
    timer.runPendingTasks();
    EmbeddedChannel channel = handshake(connector.last());
    Envelope enroll = channel.readOutbound();
    Refusal refusal = new Refusal(RefusalCode.TOKEN_REVOKED, "token was revoked", 0);

    channel.writeInbound(new Envelope(enroll.correlationId(), refusal));
    timer.advanceTimeBy(1, TimeUnit.HOURS);
    timer.runScheduledPendingTasks();

    assertThat(agent.terminated()).isCompletedWithValue(Optional.of(refusal));
    assertThat(listener.refused).containsExactly(refusal);
    assertThat(listener.delays).isEmpty();
    assertThat(connector.attempts).isEqualTo(1);
  }

  @Test
  void waitsAtLeastRetryAfterOnARetryableRefusal() {
    Agent agent = agent(enrolling, new StubRandom(1.0));
    agent.start();
    timer.runPendingTasks();
    EmbeddedChannel channel = handshake(connector.last());
    Envelope enroll = channel.readOutbound();

    channel.writeInbound(new Envelope(enroll.correlationId(), new Refusal(RefusalCode.RATE_LIMITED, "slow down", 5_000)));

    assertThat(listener.delays).containsExactly(5_000L);
    timer.advanceTimeBy(4_999, TimeUnit.MILLISECONDS);
    timer.runScheduledPendingTasks();
    assertThat(connector.attempts).isEqualTo(1);
    timer.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    timer.runScheduledPendingTasks();
    assertThat(connector.attempts).isEqualTo(2);
    assertThat(agent.terminated()).isNotDone();
  }

  @Test
  void usesTheBackoffWhenItIsLongerThanRetryAfter() {
    agent(enrolling, new StubRandom(1.0)).start();
    timer.runPendingTasks();
    EmbeddedChannel channel = handshake(connector.last());
    Envelope enroll = channel.readOutbound();

    channel.writeInbound(new Envelope(enroll.correlationId(), new Refusal(RefusalCode.UNAVAILABLE, "database down", 10)));

    assertThat(listener.delays).containsExactly(100L);
  }

  @Test
  void closeStopsReconnectingAndClosesTheChannel() {
    store.save(pki.identity("host-1", clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofDays(30))));
    Agent agent = agent(enrolling, new StubRandom(0.5));
    agent.start();
    timer.runPendingTasks();
    EmbeddedChannel session = openSession(connector.last());

    var closed = agent.close();
    timer.runPendingTasks();
    timer.advanceTimeBy(1, TimeUnit.HOURS);
    timer.runScheduledPendingTasks();

    assertThat(closed).isDone();
    assertThat(session.isOpen()).isFalse();
    assertThat(listener.closed).containsExactly("the agent is stopping");
    assertThat(listener.delays).isEmpty();
    assertThat(agent.terminated()).isCompletedWithValue(Optional.empty());
  }

  @Test
  void connectsWithTheRenewedCertificateAfterARenewal() {
    // Issued 61 of 90 days ago: renewal is due as soon as the session opens.
    Identity old = pki.identity("host-1", clock.instant().minus(Duration.ofDays(61)), clock.instant().plus(Duration.ofDays(29)));
    store.save(old);
    agent(enrolling, new StubRandom(0.5)).start();
    timer.runPendingTasks();
    EmbeddedChannel session = openSession(connector.last());
    session.readOutbound(); // first heartbeat
    Envelope renewal = session.readOutbound();
    var key = SigningRequests.verifiedPublicKey(((dev.loopback.protocol.messages.CertificateRenewRequest) renewal.message()).csrPem());
    var fresh = pki.issue(key, clock.instant(), clock.instant().plus(Duration.ofDays(90)));

    session.writeInbound(new Envelope(renewal.correlationId(),
        new dev.loopback.protocol.messages.CertificateRenewResponse(Pem.encode(fresh), Pem.encode(pki.ca()))));

    assertThat(store.load()).get().extracting(Identity::certificate).isEqualTo(fresh);
    assertThat(listener.renewed).containsExactly(fresh.getNotAfter().toInstant());
    assertThat(session.isOpen()).isTrue();
    session.close();
    timer.advanceTimeBy(1, TimeUnit.HOURS);
    timer.runScheduledPendingTasks();
    assertThat(connector.contexts).hasSize(2);
    assertThat(connector.contexts.get(1)).isNotSameAs(connector.contexts.get(0));
  }

  private Agent agent(AgentSettings settings, RandomGenerator random) {
    return new Agent(settings, store, host, connector, timer.eventLoop(), listener, clock, random);
  }

  private static EmbeddedChannel handshake(EmbeddedChannel channel) {
    channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    return channel;
  }

  private static EmbeddedChannel openSession(EmbeddedChannel channel) {
    handshake(channel);
    Envelope hello = channel.readOutbound();
    channel.writeInbound(new Envelope(hello.correlationId(), new AgentHelloResponse("host-1", 1, 10_000, 1_000, "replica-a")));
    return channel;
  }

  private static final class RecordingListener implements AgentListener {
    final List<String> enrolled = new ArrayList<>();
    final List<Refusal> refused = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    final List<String> connectFailures = new ArrayList<>();
    final List<Long> delays = new ArrayList<>();
    final List<Instant> renewed = new ArrayList<>();

    @Override
    public void enrolled(String hostId) {
      enrolled.add(hostId);
    }

    @Override
    public void refused(Refusal refusal) {
      refused.add(refusal);
    }

    @Override
    public void sessionClosed(String reason) {
      closed.add(reason);
    }

    @Override
    public void connectFailed(String reason) {
      connectFailures.add(reason);
    }

    @Override
    public void reconnectScheduled(int attempt, long delayMillis) {
      delays.add(delayMillis);
    }

    @Override
    public void certificateRenewed(Instant notAfter) {
      renewed.add(notAfter);
    }
  }
}
