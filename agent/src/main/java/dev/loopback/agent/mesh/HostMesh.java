package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import dev.loopback.protocol.messages.ModuleState;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh of the host the agent runs on: its key, its listen port, and one thread on which the
 * {@link MeshApplier} does all its work — applies queue up behind each other there, and the channel's
 * event loop never waits for a command or a handshake.
 *
 * <p>A key that cannot be read or made leaves the mesh unusable, not the agent: heartbeats report the
 * {@code mesh} module as failed with the reason, and applies are refused.
 */
public final class HostMesh implements Mesh, AutoCloseable {
  static final String DIRECTORY = "mesh";
  private static final Logger log = LoggerFactory.getLogger(HostMesh.class);

  private final HostKey key;
  private final MeshApplier applier;
  private final int listenPort;
  private final String unusable;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "mesh");
    thread.setDaemon(true);
    return thread;
  });

  private HostMesh(HostKey key, MeshApplier applier, int listenPort, String unusable) {
    this.key = key;
    this.applier = applier;
    this.listenPort = listenPort;
    this.unusable = unusable;
  }

  public HostMesh(HostKey key, MeshApplier applier, int listenPort) {
    this(key, applier, listenPort, null);
  }

  /** The real host: key and last-known-good under {@code <stateDir>/mesh}, the interface through {@code ip} and {@code wg}. */
  public static HostMesh open(Path stateDir, String interfaceName, int listenPort) {
    Path directory = stateDir.toAbsolutePath().resolve(DIRECTORY);
    HostKey key;
    try {
      key = HostKeyFile.loadOrCreate(directory);
    } catch (UncheckedIOException e) {
      log.atError().addKeyValue("reason", e.getMessage()).log("the mesh cannot work without its key; the agent goes on without it");
      return new HostMesh(null, null, listenPort, e.getMessage());
    }
    WgToolsBackend backend = new WgToolsBackend(new ProcessCommandRunner(), interfaceName, directory);
    return new HostMesh(key, new MeshApplier(backend, key, new LastKnownGoodStore(directory), Clock.systemUTC(), Pause.SLEEP),
        listenPort);
  }

  /** Restores the last-known-good configuration, on the mesh's thread, before any apply. */
  public void start() {
    if (applier != null) {
      worker.execute(applier::restoreLastKnownGood);
    }
  }

  @Override
  public Optional<MeshIdentityEvent> identity() {
    if (key == null) {
      return Optional.empty();
    }
    Optional<MeshApplier.Running> running = applier.running();
    return Optional.of(new MeshIdentityEvent(key.publicKey(), listenPort, running.map(MeshApplier.Running::revision).orElse(null),
        running.map(MeshApplier.Running::hash).orElse(null)));
  }

  @Override
  public CompletableFuture<MeshApplyResponse> apply(MeshApplyRequest request) {
    if (applier == null) {
      return CompletableFuture.completedFuture(new MeshApplyResponse(request.revision(), MeshApplyOutcome.REFUSED,
          "the host's mesh key is unusable: " + unusable, 0));
    }
    try {
      return CompletableFuture.supplyAsync(() -> applier.apply(request), worker);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("the agent is stopping"));
    }
  }

  /** For heartbeats: the {@code mesh} module's state, or nothing while the host never had a mesh. Never blocks. */
  public List<ModuleState> moduleStates() {
    if (applier == null) {
      return List.of(new ModuleState(MeshApplier.MODULE, null, "failed", "the host's mesh key is unusable: " + unusable));
    }
    return applier.moduleState().map(List::of).orElse(List.of());
  }

  /**
   * Stops the mesh's thread; an apply in progress is interrupted, which ends its wait for handshakes
   * (and rolls it back). The interface stays: the mesh outlives the agent's restarts.
   */
  @Override
  public void close() {
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
        log.atWarn().log("a mesh apply is still running; leaving it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
