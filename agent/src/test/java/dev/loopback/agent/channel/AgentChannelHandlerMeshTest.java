package dev.loopback.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.FixedHost;
import dev.loopback.agent.StubRandom;
import dev.loopback.agent.TestCertificates;
import dev.loopback.agent.TestClock;
import dev.loopback.agent.identity.Identity;
import dev.loopback.agent.mesh.Mesh;
import dev.loopback.protocol.messages.AgentHelloRequest;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import dev.loopback.protocol.messages.WireGuardConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AgentChannelHandlerMeshTest {
  private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");
  private static final MeshIdentityEvent IDENTITY = new MeshIdentityEvent("k".repeat(43) + "=", 51820);
  private static final MeshApplyRequest REQUEST = MeshApplyRequest.full(4, "hash-4",
      new WireGuardConfig(IDENTITY.publicKey(), 51820, 0, List.of(), List.of(), List.of()), 0);
  private final TestCertificates pki = new TestCertificates();
  private final TestClock clock = new TestClock(ISSUED.plus(Duration.ofDays(1)));
  private final Identity identity = pki.identity("host-1", ISSUED, ISSUED.plus(Duration.ofDays(90)));
  private final AgentChannelHandlerTest.RecordingOwner owner = new AgentChannelHandlerTest.RecordingOwner();
  private final FakeMesh mesh = new FakeMesh();

  @Test
  void announcesTheMeshCapabilityInTheHelloAndTheMeshIdentityAfterIt() {
    EmbeddedChannel channel = channel(mesh);
    channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    Envelope hello = channel.readOutbound();

    assertThat(((AgentHelloRequest) hello.message()).capabilities()).contains("mesh", "heartbeat");
    channel.writeInbound(new Envelope(hello.correlationId(), new AgentHelloResponse("host-1", 1, 10_000, 0, "replica-a")));

    assertThat(((Envelope) channel.readOutbound()).message()).isInstanceOf(HeartbeatEvent.class);
    assertThat((Envelope) channel.readOutbound()).isEqualTo(Envelope.event(IDENTITY));
  }

  @Test
  void answersAMeshApplyOnTheChannelOnceTheMeshIsDone() {
    EmbeddedChannel channel = openSession(mesh);

    channel.writeInbound(new Envelope(77, REQUEST));
    assertThat((Object) channel.readOutbound()).as("the loop does not wait for the apply").isNull();
    MeshApplyResponse response = new MeshApplyResponse(4, MeshApplyOutcome.APPLIED, null, 4);
    mesh.pending.get(0).complete(response);
    channel.runPendingTasks();

    assertThat(mesh.requests).containsExactly(REQUEST);
    assertThat((Envelope) channel.readOutbound()).isEqualTo(new Envelope(77, response));
  }

  @Test
  void reportsAMeshApplyThatBrokeAsACommandFailure() {
    EmbeddedChannel channel = openSession(mesh);

    channel.writeInbound(new Envelope(78, REQUEST));
    mesh.pending.get(0).completeExceptionally(new IllegalStateException("the agent is stopping"));
    channel.runPendingTasks();

    Envelope answer = channel.readOutbound();
    assertThat(answer.correlationId()).isEqualTo(78);
    assertThat(((CommandFailure) answer.message()).message()).contains("the agent is stopping");
  }

  @Test
  void dropsTheAnswerWhenTheSessionEndedDuringTheApply() {
    EmbeddedChannel channel = openSession(mesh);
    channel.writeInbound(new Envelope(79, REQUEST));

    channel.close();
    mesh.pending.get(0).complete(new MeshApplyResponse(4, MeshApplyOutcome.APPLIED, null, 4));
    channel.runPendingTasks();

    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void withoutAMeshTheRequestIsUnsupportedAndNothingIsAnnounced() {
    EmbeddedChannel channel = openSession(null);

    channel.writeInbound(new Envelope(80, REQUEST));

    Envelope answer = channel.readOutbound();
    assertThat(((CommandFailure) answer.message()).code()).isEqualTo("unsupported");
    assertThat((Object) channel.readOutbound()).isNull();
  }

  private EmbeddedChannel openSession(Mesh mesh) {
    EmbeddedChannel channel = channel(mesh);
    channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    Envelope hello = channel.readOutbound();
    channel.writeInbound(new Envelope(hello.correlationId(), new AgentHelloResponse("host-1", 1, 10_000, 0, "replica-a")));
    assertThat(((Envelope) channel.readOutbound()).message()).isInstanceOf(HeartbeatEvent.class);
    if (mesh != null) {
      assertThat(((Envelope) channel.readOutbound()).message()).isInstanceOf(MeshIdentityEvent.class);
    }
    return channel;
  }

  private EmbeddedChannel channel(Mesh mesh) {
    EmbeddedChannel channel = new EmbeddedChannel(new AgentChannelHandler(owner, new FixedHost(), identity, null, clock,
        new StubRandom(0.5), Duration.ofSeconds(30), mesh));
    channel.freezeTime();
    return channel;
  }

  /** A mesh whose applies finish when the test says so. */
  private static final class FakeMesh implements Mesh {
    final List<MeshApplyRequest> requests = new ArrayList<>();
    final List<CompletableFuture<MeshApplyResponse>> pending = new ArrayList<>();

    @Override
    public Optional<MeshIdentityEvent> identity() {
      return Optional.of(IDENTITY);
    }

    @Override
    public CompletableFuture<MeshApplyResponse> apply(MeshApplyRequest request) {
      requests.add(request);
      CompletableFuture<MeshApplyResponse> answer = new CompletableFuture<>();
      pending.add(answer);
      return answer;
    }
  }
}
