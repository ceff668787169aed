package dev.loopback.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.FixedHost;
import dev.loopback.agent.StubRandom;
import dev.loopback.agent.TestCertificates;
import dev.loopback.agent.TestClock;
import dev.loopback.agent.identity.Identity;
import dev.loopback.agent.modules.Modules;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.DesiredModule;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.ModuleState;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AgentChannelHandlerModulesTest {
  private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");
  private static final ModulesDesiredRequest REQUEST = new ModulesDesiredRequest(List.of(new DesiredModule("host-metrics", false, null, null)));
  private final TestCertificates pki = new TestCertificates();
  private final TestClock clock = new TestClock(ISSUED.plus(Duration.ofDays(1)));
  private final Identity identity = pki.identity("host-1", ISSUED, ISSUED.plus(Duration.ofDays(90)));
  private final AgentChannelHandlerTest.RecordingOwner owner = new AgentChannelHandlerTest.RecordingOwner();
  private final List<CompletableFuture<ModulesDesiredResponse>> pending = new ArrayList<>();
  private final Modules modules = request -> {
    CompletableFuture<ModulesDesiredResponse> answer = new CompletableFuture<>();
    pending.add(answer);
    return answer;
  };

  @Test
  void answersAModulesRequestOnceTheModulesAreDoneWithoutHoldingTheLoop() {
    EmbeddedChannel channel = openSession(modules);

    channel.writeInbound(new Envelope(81, REQUEST));
    assertThat((Object) channel.readOutbound()).isNull();
    ModulesDesiredResponse response = new ModulesDesiredResponse(List.of(new ModuleState("host-metrics", "0.1.0", "disabled", "off")),
        List.of());
    pending.get(0).complete(response);
    channel.runPendingTasks();

    assertThat((Envelope) channel.readOutbound()).isEqualTo(new Envelope(81, response));
  }

  @Test
  void reportsModulesThatBrokeAsACommandFailureAndWithoutModulesTheRequestIsUnsupported() {
    EmbeddedChannel channel = openSession(modules);
    channel.writeInbound(new Envelope(82, REQUEST));
    pending.get(0).completeExceptionally(new IllegalStateException("the agent is stopping"));
    channel.runPendingTasks();
    CommandFailure failure = (CommandFailure) ((Envelope) channel.readOutbound()).message();
    assertThat(failure.code()).isEqualTo("modules-failed");
    assertThat(failure.message()).contains("the agent is stopping");

    EmbeddedChannel without = openSession(null);
    without.writeInbound(new Envelope(83, REQUEST));
    assertThat(((CommandFailure) ((Envelope) without.readOutbound()).message()).code()).isEqualTo("unsupported");
  }

  private EmbeddedChannel openSession(Modules modules) {
    EmbeddedChannel channel = new EmbeddedChannel(new AgentChannelHandler(owner, new FixedHost(), identity, null, clock,
        new StubRandom(0.5), Duration.ofSeconds(30), null, modules));
    channel.freezeTime();
    channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    Envelope hello = channel.readOutbound();
    channel.writeInbound(new Envelope(hello.correlationId(), new AgentHelloResponse("host-1", 1, 10_000, 0, "replica-a")));
    assertThat(((Envelope) channel.readOutbound()).message()).isInstanceOf(HeartbeatEvent.class);
    return channel;
  }
}
