package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshDelta;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.ModuleState;
import dev.loopback.protocol.messages.WireGuardConfig;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies mesh revisions: validate → apply → verify → keep as last-known-good, or put the
 * last-known-good back. Any revision is applied, older ones too: the control plane rolls a host back
 * by sending it an older revision.
 *
 * <p>Nothing is touched until the request names exactly the configuration its hash says: a delta
 * must be based on the last-known-good (revision and hash), or it is refused with {@link
 * MeshApplyRequest#BASE_MISMATCH} and the control plane sends the whole configuration. An empty
 * configuration (no addresses, networks or peers) means the host is in no network: the interface is
 * removed, and the empty revision becomes last-known-good like any other.
 *
 * <p>Blocking (commands, and up to the request's verification timeout), and one at a time: every
 * public method holds the lock. Only {@link #moduleState()} is lock-free, for heartbeats on the event loop.
 */
public final class MeshApplier {
  public static final String MODULE = "mesh";
  private static final Logger log = LoggerFactory.getLogger(MeshApplier.class);

  private final WireGuardBackend backend;
  private final HostKey key;
  private final LastKnownGoodStore store;
  private final Clock clock;
  private final MeshConfigValidator validator;
  private final HandshakeCheck handshakes;
  private boolean loaded;
  private LastKnownGood lastKnownGood;
  private long activeRevision;
  private volatile ModuleState state;
  private volatile Running running;

  public MeshApplier(WireGuardBackend backend, HostKey key, LastKnownGoodStore store, Clock clock, Pause pause) {
    this.backend = backend;
    this.key = key;
    this.store = store;
    this.clock = clock;
    this.validator = new MeshConfigValidator(key.publicKey());
    this.handshakes = new HandshakeCheck(backend, clock, pause);
  }

  /**
   * Puts the last-known-good configuration on the interface, which a reboot (or wireguard-go's exit)
   * took away. Verified as applied, without waiting for peers: they may not be up yet either.
   */
  public synchronized void restoreLastKnownGood() {
    LastKnownGood stored;
    try {
      stored = lastKnownGood();
    } catch (UncheckedIOException e) {
      failed(e.getMessage());
      return;
    }
    if (stored == null) {
      return;
    }
    if (isEmpty(stored.config())) {
      // In no network: a reboot left no interface, and there is none to make.
      running(stored);
      active(stored);
      return;
    }
    List<String> problems = problems(stored.config());
    if (!problems.isEmpty()) {
      failed("the last-known-good revision " + stored.revision() + " is not valid on this host: " + String.join("; ", problems));
      return;
    }
    Optional<String> failure = applyAndCheck(stored.config());
    if (failure.isPresent()) {
      String reason = "restoring the last-known-good revision " + stored.revision() + " failed: " + failure.get() + removeInterface();
      running(null);
      failed(reason);
      return;
    }
    running(stored);
    active(stored);
    log.atInfo().addKeyValue("revision", stored.revision()).addKeyValue("interface", backend.interfaceName())
        .log("restored the last-known-good mesh");
  }

  public synchronized MeshApplyResponse apply(MeshApplyRequest request) {
    long revision = request.revision();
    WireGuardConfig config;
    try {
      config = configOf(request);
    } catch (BaseMismatch e) {
      // Routine: the control plane sends the whole configuration next. Nothing is wrong with the mesh.
      log.atInfo().addKeyValue("revision", revision).addKeyValue("reason", e.getMessage()).log("asked for the whole mesh configuration");
      return new MeshApplyResponse(revision, MeshApplyOutcome.REFUSED, e.getMessage(), activeRevision);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return refuse(revision, e.getMessage());
    }
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      return refuse(revision, String.join("; ", problems));
    }
    Instant started = clock.instant();
    Optional<String> failure = put(config);
    // An empty mesh has no peers to wait for.
    if (failure.isEmpty() && !isEmpty(config)) {
      try {
        failure = handshakes.await(config, started, request.verifyTimeoutMillis());
      } catch (RuntimeException e) {
        failure = Optional.of("verification: " + (e instanceof MeshBackendException ? e.getMessage() : e.toString()));
      }
    }
    LastKnownGood applied = new LastKnownGood(revision, request.hash(), config);
    if (failure.isEmpty()) {
      try {
        store.save(applied);
      } catch (UncheckedIOException e) {
        // Keeping it unstored would bring the older revision back at the next boot, behind the control plane's back.
        failure = Optional.of(e.getMessage());
      }
    }
    if (failure.isPresent()) {
      // An interrupt (the agent stopping) ends the wait for handshakes, but the rollback must still
      // run its commands, which an interrupted thread could not wait for.
      boolean interrupted = Thread.interrupted();
      try {
        return rollBack(revision, failure.get());
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    loaded = true;
    lastKnownGood = applied;
    running(applied);
    active(applied);
    log.atInfo().addKeyValue("revision", revision).addKeyValue("hash", request.hash()).addKeyValue("peers", config.peers().size())
        .addKeyValue("interface", backend.interfaceName()).log("applied a mesh revision");
    return new MeshApplyResponse(revision, MeshApplyOutcome.APPLIED, null, revision);
  }

  /**
   * The configuration the request stands for: its own, or the delta applied to the last-known-good it
   * is based on — and in both cases exactly the one its hash names, or nothing is applied.
   */
  private WireGuardConfig configOf(MeshApplyRequest request) {
    if ((request.config() == null) == (request.delta() == null)) {
      throw new IllegalArgumentException("config, delta: exactly one of them must be set");
    }
    WireGuardConfig config = request.config();
    if (request.delta() != null) {
      MeshDelta delta = request.delta();
      LastKnownGood base = lastKnownGood();
      if (base == null || base.revision() != delta.baseRevision() || !Objects.equals(base.hash(), delta.baseHash())) {
        throw new BaseMismatch(MeshApplyRequest.BASE_MISMATCH + ": delta.baseRevision is " + delta.baseRevision() + " ("
            + delta.baseHash() + "), this host has " + (base == null ? "no revision" : "revision " + base.revision() + " (" + base.hash() + ")"));
      }
      config = delta.applyTo(base.config());
    }
    String hash = MeshHash.text(config);
    if (!hash.equals(request.hash())) {
      throw new IllegalArgumentException("hash mismatch: revision " + request.revision() + " should be " + request.hash()
          + ", the configuration here hashes to " + hash);
    }
    return config;
  }

  /**
   * No addresses, networks or peers: what the control plane sends a host it took out of its last
   * network. The interface goes, and the empty revision is kept as last-known-good so that a reboot
   * does not bring the old mesh back.
   */
  private static boolean isEmpty(WireGuardConfig config) {
    return isEmpty(config.addresses()) && isEmpty(config.networks()) && isEmpty(config.peers());
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private MeshApplyResponse refuse(long revision, String reason) {
    failed("revision " + revision + " refused: " + reason + runningNote());
    log.atWarn().addKeyValue("revision", revision).addKeyValue("reason", reason).log("refused a mesh revision; nothing changed");
    return new MeshApplyResponse(revision, MeshApplyOutcome.REFUSED, reason, activeRevision);
  }

  /** A delta for another base than this host's; not a failure of the mesh. */
  private static final class BaseMismatch extends RuntimeException {
    BaseMismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** The {@code mesh} module for heartbeats: {@code active} or {@code failed}; empty until the host had a mesh. */
  public Optional<ModuleState> moduleState() {
    return Optional.ofNullable(state);
  }

  public synchronized long activeRevision() {
    return activeRevision;
  }

  /** The revision on the interface and its hash, for the identity the agent reports after each hello. Never blocks. */
  public record Running(long revision, String hash) {
  }

  public Optional<Running> running() {
    return Optional.ofNullable(running);
  }

  private MeshApplyResponse rollBack(long revision, String failure) {
    LastKnownGood previous;
    String reason = failure;
    try {
      previous = lastKnownGood();
    } catch (UncheckedIOException e) {
      previous = null;
      reason += "; " + e.getMessage();
    }
    if (previous != null) {
      Optional<String> restored = put(previous.config());
      if (restored.isEmpty()) {
        running(previous);
        failed("revision " + revision + " rolled back: " + failure + runningNote());
        log.atWarn().addKeyValue("revision", revision).addKeyValue("restored", previous.revision()).addKeyValue("reason", failure)
            .log("mesh revision failed verification; the last-known-good is back");
        return new MeshApplyResponse(revision, MeshApplyOutcome.ROLLED_BACK, failure, activeRevision);
      }
      reason += "; restoring the last-known-good revision " + previous.revision() + " failed too: " + restored.get();
    } else {
      reason += "; there is no last-known-good revision";
    }
    reason += removeInterface();
    running(null);
    failed("revision " + revision + " rolled back: " + reason);
    log.atError().addKeyValue("revision", revision).addKeyValue("reason", reason).log("mesh revision failed; the mesh is down");
    return new MeshApplyResponse(revision, MeshApplyOutcome.ROLLED_BACK, reason, 0);
  }

  private List<String> problems(WireGuardConfig config) {
    try {
      return validator.problems(config, config == null ? List.of() : backend.underlayRoutes());
    } catch (MeshBackendException e) {
      return List.of("cannot read the host's routes to check the networks against them: " + e.getMessage());
    }
  }

  /** Puts {@code config} on the machine, an empty one by removing the interface; empty when that worked. */
  private Optional<String> put(WireGuardConfig config) {
    if (!isEmpty(config)) {
      return applyAndCheck(config);
    }
    try {
      backend.remove();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("removing " + backend.interfaceName() + ": " + (e instanceof MeshBackendException ? e.getMessage() : e.toString()));
    }
  }

  /** Applies and reads back; empty when the interface is what {@code config} says. */
  private Optional<String> applyAndCheck(WireGuardConfig config) {
    try {
      backend.apply(config, key);
      return InterfaceCheck.mismatch(backend.read(), backend.interfaceName(), config, key);
    } catch (RuntimeException e) {
      // Not only MeshBackendException: whatever went wrong, the interface may be half-changed and must be put right.
      return Optional.of(e instanceof MeshBackendException ? e.getMessage() : e.toString());
    }
  }

  /** Removes the interface: a half-applied one would route the overlay into a mesh that does not work. */
  private String removeInterface() {
    try {
      backend.remove();
      return "; " + backend.interfaceName() + " is removed";
    } catch (RuntimeException e) {
      return "; removing " + backend.interfaceName() + " failed too: " + e.getMessage();
    }
  }

  private LastKnownGood lastKnownGood() {
    if (!loaded) {
      loaded = true;
      lastKnownGood = store.load().orElse(null);
    }
    return lastKnownGood;
  }

  private String runningNote() {
    return activeRevision == 0 ? "" : "; running revision " + activeRevision;
  }

  /** The revision now on the interface; {@code null}: none. */
  private void running(LastKnownGood good) {
    activeRevision = good == null ? 0 : good.revision();
    running = good == null ? null : new Running(good.revision(), good.hash());
  }

  private void active(LastKnownGood good) {
    String detail = isEmpty(good.config()) ? ": in no networks, no interface"
        : " on " + backend.interfaceName() + ", " + good.config().peers().size() + " peers";
    state = new ModuleState(MODULE, Long.toString(good.revision()), "active", "revision " + good.revision() + detail);
  }

  private void failed(String reason) {
    state = new ModuleState(MODULE, activeRevision == 0 ? null : Long.toString(activeRevision), "failed", reason);
  }
}
