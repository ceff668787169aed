package dev.loopback.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.TestClock;
import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import dev.loopback.protocol.messages.ModuleState;
import dev.loopback.protocol.messages.WireGuardConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMeshTest {
  private static final HostKey HOST = HostKey.generate();
  private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final InMemoryWireGuardBackend backend = new InMemoryWireGuardBackend("lbmesh0", clock);
  @TempDir
  Path state;

  @Test
  void appliesOnItsOwnThreadOneAtATimeAndReportsTheModule() throws Exception {
    GatedBackend gated = new GatedBackend(backend);
    MeshApplier applier = new MeshApplier(gated, HOST, new LastKnownGoodStore(state), clock, clock::advance);
    try (HostMesh mesh = new HostMesh(HOST, applier, 51821)) {
      assertThat(mesh.identity()).contains(new MeshIdentityEvent(HOST.publicKey(), 51821));
      assertThat(mesh.moduleStates()).isEmpty();

      CompletableFuture<MeshApplyResponse> first = mesh.apply(request(1));
      CompletableFuture<MeshApplyResponse> second = mesh.apply(request(2));
      assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(first).as("the caller does not wait for the apply").isNotDone();
      gated.gate.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
      assertThat(second.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
      assertThat(gated.threads).doesNotContain(Thread.currentThread());
      assertThat(backend.applied()).extracting(config -> config.peers().get(0).publicKey())
          .as("applied in the order asked").containsExactly(key(1), key(2));
      assertThat(applier.activeRevision()).isEqualTo(2);
      assertThat(mesh.moduleStates()).singleElement().extracting(ModuleState::name, ModuleState::state).containsExactly("mesh", "active");
    }
  }

  @Test
  void closingDuringTheWaitForHandshakesRollsTheApplyBack() throws Exception {
    InMemoryWireGuardBackend real = new InMemoryWireGuardBackend("lbmesh0", Clock.systemUTC());
    GatedBackend commands = new GatedBackend(real);
    commands.gate.countDown();
    MeshApplier applier = new MeshApplier(commands, HOST, new LastKnownGoodStore(state), Clock.systemUTC(), Pause.SLEEP);
    HostMesh mesh = new HostMesh(HOST, applier, 51820);
    MeshApplyRequest good = request(1);
    assertThat(mesh.apply(good).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
    real.peersAnswer(false);
    CompletableFuture<MeshApplyResponse> waiting = mesh.apply(MeshApplyRequest.full(2, request(2).hash(), request(2).config(), 600_000));
    while (real.applied().size() < 2) {
      Thread.sleep(10);
    }

    mesh.close();

    MeshApplyResponse response = waiting.get(10, TimeUnit.SECONDS);
    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.ROLLED_BACK);
    assertThat(response.reason()).contains("interrupted");
    assertThat(real.current()).contains(good.config());
  }

  @Test
  void aKeyThatCannotBeReadLeavesTheMeshUnusableButReported() throws Exception {
    Files.createDirectories(state.resolve("mesh"));
    Files.writeString(state.resolve("mesh/private.key"), "garbage\n");

    try (HostMesh mesh = HostMesh.open(state, "lbmesh0", 51820)) {
      assertThat(mesh.identity()).isEmpty();
      assertThat(mesh.apply(request(1)).get().outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
      assertThat(mesh.moduleStates()).singleElement().satisfies(module -> {
        assertThat(module.state()).isEqualTo("failed");
        assertThat(module.message()).contains("does not hold a WireGuard private key");
      });
    }
  }

  @Test
  void makesTheHostKeyUnderTheStateDirectory() {
    try (HostMesh mesh = HostMesh.open(state, "lbmesh0", 51820)) {
      assertThat(mesh.identity().orElseThrow().publicKey())
          .isEqualTo(HostKeyFile.loadOrCreate(state.resolve("mesh")).publicKey());
    }
  }

  private static final List<String> PEERS = List.of(MeshConfigs.newPeerKey(), MeshConfigs.newPeerKey(), MeshConfigs.newPeerKey());

  private static String key(long revision) {
    return PEERS.get((int) revision);
  }

  /** Revision n has the one peer {@code key(n)}, so the order of applies shows in the backend's history. */
  private static MeshApplyRequest request(long revision) {
    WireGuardConfig config = new MeshConfigs(HOST, key(revision)).build();
    return MeshApplyRequest.full(revision, MeshHash.text(config), config, 0);
  }

  /**
   * Holds every apply until the gate opens, and notes the threads it ran on. Like the real backend's
   * commands, an apply fails on a thread that is interrupted.
   */
  private static final class GatedBackend implements WireGuardBackend {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final WireGuardBackend delegate;

    GatedBackend(WireGuardBackend delegate) {
      this.delegate = delegate;
    }

    @Override
    public String interfaceName() {
      return delegate.interfaceName();
    }

    @Override
    public void apply(WireGuardConfig config, HostKey key) {
      threads.add(Thread.currentThread());
      entered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new MeshBackendException("interrupted while running `wg syncconf`");
      }
      delegate.apply(config, key);
    }

    @Override
    public Optional<InterfaceState> read() {
      return delegate.read();
    }

    @Override
    public void remove() {
      delegate.remove();
    }

    @Override
    public List<Route> underlayRoutes() {
      return delegate.underlayRoutes();
    }

    @Override
    public void probe(InetAddress overlayAddress) {
      delegate.probe(overlayAddress);
    }
  }
}
