package dev.loopback.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.FixedHost;
import dev.loopback.agent.StubRandom;
import dev.loopback.agent.TestCertificates;
import dev.loopback.agent.TestClock;
import dev.loopback.agent.identity.Identity;
import dev.loopback.agent.update.SelfUpdates;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.AgentUpdateReport;
import dev.loopback.protocol.messages.AgentUpdateRequest;
import dev.loopback.protocol.messages.AgentUpdateResponse;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.UpdateCheckResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AgentChannelHandlerUpdatesTest {
  private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");
  private static final AgentUpdateRequest REQUEST = new AgentUpdateRequest(new UpdateCheckResponse(true, "agent", "1.1.0", "stable",
      "amd64", "tar.gz", 10, "ab".repeat(64), "c2ln", "ops", "/p.tar.gz", ""), 120);
  private final TestCertificates pki = new TestCertificates();
  private final TestClock clock = new TestClock(ISSUED.plus(Duration.ofDays(1)));
  private final Identity identity = pki.identity("host-1", ISSUED, ISSUED.plus(Duration.ofDays(90)));
  private final AgentChannelHandlerTest.RecordingOwner owner = new AgentChannelHandlerTest.RecordingOwner();
  private final RecordingUpdates updates = new RecordingUpdates();

  @Test
  void answersOnceInstalledAndRestartsOnlyAfterTheAnswerIsOut() {
    EmbeddedChannel channel = openSession();

    channel.writeInbound(new Envelope(91, REQUEST));
    assertThat((Object) channel.readOutbound()).isNull();
    updates.pending.get(0).complete(AgentUpdateResponse.restarting("1.1.0"));
    channel.runPendingTasks();

    assertThat((Envelope) channel.readOutbound()).isEqualTo(new Envelope(91, AgentUpdateResponse.restarting("1.1.0")));
    assertThat(updates.answered).containsExactly(AgentUpdateResponse.restarting("1.1.0"));
  }

  @Test
  void restartsIntoAnInstalledUpdateEvenWhenTheSessionEndedMeanwhile() {
    EmbeddedChannel channel = openSession();
    channel.writeInbound(new Envelope(92, REQUEST));

    channel.close();
    updates.pending.get(0).complete(AgentUpdateResponse.restarting("1.1.0"));
    channel.runPendingTasks();

    assertThat(updates.answered).containsExactly(AgentUpdateResponse.restarting("1.1.0"));
  }

  @Test
  void reportsARolledBackUpdateRightAfterTheHello() {
    AgentUpdateReport report = new AgentUpdateReport("1.2.0", "1.1.0", "exited with status 1 before it checked in", 1_800_000_000L);
    updates.report = Optional.of(report);

    EmbeddedChannel channel = openSession();

    assertThat(updates.checkIns).isEqualTo(1);
    assertThat((Envelope) channel.readOutbound()).isEqualTo(Envelope.event(report));
  }

  private EmbeddedChannel openSession() {
    EmbeddedChannel channel = new EmbeddedChannel(new AgentChannelHandler(owner, new FixedHost(), identity, null, clock,
        new StubRandom(0.5), Duration.ofSeconds(30), null, null, updates));
    channel.freezeTime();
    channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    Envelope hello = channel.readOutbound();
    channel.writeInbound(new Envelope(hello.correlationId(), new AgentHelloResponse("host-1", 1, 10_000, 0, "replica-a")));
    assertThat(((Envelope) channel.readOutbound()).message()).isInstanceOf(HeartbeatEvent.class);
    return channel;
  }

  private static final class RecordingUpdates implements SelfUpdates {
    final List<CompletableFuture<AgentUpdateResponse>> pending = new ArrayList<>();
    final List<AgentUpdateResponse> answered = new ArrayList<>();
    Optional<AgentUpdateReport> report = Optional.empty();
    int checkIns;

    @Override
    public CompletableFuture<AgentUpdateResponse> apply(AgentUpdateRequest request) {
      CompletableFuture<AgentUpdateResponse> answer = new CompletableFuture<>();
      pending.add(answer);
      return answer;
    }

    @Override
    public void answered(AgentUpdateResponse response) {
      answered.add(response);
    }

    @Override
    public Optional<AgentUpdateReport> checkedIn() {
      checkIns++;
      return report;
    }
  }
}
