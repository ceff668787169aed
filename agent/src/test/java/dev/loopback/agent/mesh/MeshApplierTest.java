package dev.loopback.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.agent.TestClock;
import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshDelta;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.ModuleState;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshApplierTest {
  private static final HostKey HOST = HostKey.generate();
  private static final String PEER_A = MeshConfigs.newPeerKey();
  private static final String PEER_B = MeshConfigs.newPeerKey();
  private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
  /** Pauses move the test's clock instead of sleeping. */
  private final Pause pause = clock::advance;
  private final InMemoryWireGuardBackend backend = new InMemoryWireGuardBackend("lbmesh0", clock);
  @TempDir
  Path mesh;

  @Test
  void appliesVerifiesAndKeepsTheRevisionAsLastKnownGood() throws Exception {
    WireGuardConfig config = new MeshConfigs(HOST, PEER_A, PEER_B).build();

    MeshApplyResponse response = applier().apply(request(3, config, 0));

    assertThat(response).isEqualTo(new MeshApplyResponse(3, MeshApplyOutcome.APPLIED, null, 3));
    assertThat(backend.current()).contains(config);
    assertThat(store().load()).contains(new LastKnownGood(3, MeshHash.text(config), config));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mesh.resolve("last-known-good.json")))).isEqualTo("rw-------");
  }

  @Test
  void refusesAnInvalidRevisionWithoutTouchingTheInterface() {
    MeshApplier applier = applier();
    WireGuardConfig good = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(1, good, 0));
    MeshConfigs bad = new MeshConfigs(HOST, PEER_A);
    bad.addresses.set(0, "10.91.0.1/16");

    MeshApplyResponse response = applier.apply(request(2, bad.build(), 0));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
    assertThat(response.reason()).startsWith("addresses[0]: ");
    assertThat(response.activeRevision()).isEqualTo(1);
    assertThat(backend.applied()).containsExactly(good);
    assertThat(store().load().orElseThrow().revision()).isEqualTo(1);
    assertThat(applier.moduleState()).hasValueSatisfying(state -> {
      assertThat(state.state()).isEqualTo("failed");
      assertThat(state.message()).contains("revision 2 refused", "addresses[0]", "running revision 1");
    });
  }

  @Test
  void refusesANetworkThatOverlapsTheUnderlay() {
    backend.underlay("eth0", "10.90.128.0/24");

    MeshApplyResponse response = applier().apply(request(1, new MeshConfigs(HOST, PEER_A).build(), 0));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
    assertThat(response.reason()).startsWith("networks[0]: ").contains("10.90.128.0/24 dev eth0");
    assertThat(backend.applied()).isEmpty();
  }

  @Test
  void restoresTheLastKnownGoodWhenVerificationFails() {
    MeshApplier applier = applier();
    WireGuardConfig good = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(4, good, 0));
    WireGuardConfig next = new MeshConfigs(HOST, PEER_A, PEER_B).build();
    backend.peersAnswer(false);

    MeshApplyResponse response = applier.apply(request(5, next, 20_000));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.ROLLED_BACK);
    assertThat(response.reason()).contains("none of the sampled peers", "within 20000ms");
    assertThat(response.activeRevision()).isEqualTo(4);
    assertThat(backend.applied()).containsExactly(good, next, good);
    assertThat(backend.current()).contains(good);
    assertThat(store().load().orElseThrow().revision()).isEqualTo(4);
    assertThat(applier.moduleState().orElseThrow().message()).contains("revision 5 rolled back", "running revision 4");
  }

  @Test
  void reportsTheRevisionItRunsWithItsHashAndNoneOnceTheMeshIsDown() {
    MeshApplier applier = applier();
    assertThat(applier.running()).isEmpty();
    WireGuardConfig good = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(4, good, 0));
    backend.peersAnswer(false);

    applier.apply(request(5, new MeshConfigs(HOST, PEER_A, PEER_B).build(), 20_000));

    assertThat(applier.running()).as("rolled back to 4").contains(new MeshApplier.Running(4, MeshHash.text(good)));
    MeshApplier restarted = applier();
    restarted.restoreLastKnownGood();
    assertThat(restarted.running()).contains(new MeshApplier.Running(4, MeshHash.text(good)));
    backend.refuseNextApply("the interface is gone");
    MeshApplier broken = applier();
    broken.restoreLastKnownGood();
    assertThat(broken.running()).as("the restore failed: nothing runs").isEmpty();
  }

  @Test
  void waitsNoLongerThanTheVerificationTimeout() {
    backend.peersAnswer(false);
    Instant start = clock.instant();

    applier().apply(request(1, new MeshConfigs(HOST, PEER_A).build(), 7_500));

    assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(7_500));
  }

  @Test
  void appliesOnceOneSampledPeerHandshakesThoughAnotherIsDown() {
    backend.silence(PEER_A);
    Instant start = clock.instant();

    MeshApplyResponse response = applier().apply(request(1, new MeshConfigs(HOST, PEER_A, PEER_B).build(), 20_000));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
    assertThat(Duration.between(start, clock.instant())).isEqualTo(HandshakeCheck.ROUND);
  }

  @Test
  void waitsForNoHandshakeWhenNoPeerHasAnEndpoint() {
    backend.peersAnswer(false);
    MeshConfigs config = new MeshConfigs(HOST, PEER_A);
    config.peer(0, new WireGuardPeer(PEER_A, null, List.of("10.90.0.2/32"), 0));

    MeshApplyResponse response = applier().apply(request(1, config.build(), 20_000));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
  }

  @Test
  void removesTheInterfaceWhenVerificationFailsAndThereIsNoLastKnownGood() {
    backend.reportDown(true);

    MeshApplyResponse response = applier().apply(request(1, new MeshConfigs(HOST, PEER_A).build(), 0));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.ROLLED_BACK);
    assertThat(response.reason()).contains("lbmesh0 is down", "no last-known-good", "lbmesh0 is removed");
    assertThat(response.activeRevision()).isZero();
    assertThat(backend.current()).isEmpty();
    assertThat(backend.removals()).isEqualTo(1);
    assertThat(store().load()).isEmpty();
  }

  @Test
  void rollsBackWhenTheBackendFailsHalfway() {
    MeshApplier applier = applier();
    WireGuardConfig good = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(1, good, 0));
    backend.refuseNextApply("`wg syncconf lbmesh0 ...` failed (exit 1): Unable to modify interface");

    MeshApplyResponse response = applier.apply(request(2, new MeshConfigs(HOST, PEER_B).build(), 0));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.ROLLED_BACK);
    assertThat(response.reason()).contains("Unable to modify interface");
    assertThat(backend.current()).contains(good);
  }

  @Test
  void appliesARevisionOlderThanTheActiveOne() {
    MeshApplier applier = applier();
    WireGuardConfig older = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(7, new MeshConfigs(HOST, PEER_A, PEER_B).build(), 0));

    MeshApplyResponse response = applier.apply(request(6, older, 0));

    assertThat(response).isEqualTo(new MeshApplyResponse(6, MeshApplyOutcome.APPLIED, null, 6));
    assertThat(backend.current()).contains(older);
    assertThat(store().load().orElseThrow().revision()).isEqualTo(6);
  }

  @Test
  void reappliesTheLastKnownGoodAfterARestart() {
    WireGuardConfig config = new MeshConfigs(HOST, PEER_A).build();
    applier().apply(request(9, config, 0));
    InMemoryWireGuardBackend afterReboot = new InMemoryWireGuardBackend("lbmesh0", clock);

    MeshApplier restarted = new MeshApplier(afterReboot, HOST, store(), clock, pause);
    restarted.restoreLastKnownGood();

    assertThat(afterReboot.current()).contains(config);
    assertThat(restarted.activeRevision()).isEqualTo(9);
    assertThat(restarted.moduleState()).contains(new ModuleState("mesh", "9", "active", "revision 9 on lbmesh0, 1 peers"));
  }

  @Test
  void aFailedRestoreIsReportedAndLeavesNoHalfInterface() {
    applier().apply(request(9, new MeshConfigs(HOST, PEER_A).build(), 0));
    InMemoryWireGuardBackend afterReboot = new InMemoryWireGuardBackend("lbmesh0", clock);
    afterReboot.reportDown(true);

    MeshApplier restarted = new MeshApplier(afterReboot, HOST, store(), clock, pause);
    restarted.restoreLastKnownGood();

    assertThat(afterReboot.current()).isEmpty();
    assertThat(restarted.moduleState().orElseThrow().state()).isEqualTo("failed");
    assertThat(restarted.moduleState().orElseThrow().message()).contains("restoring the last-known-good revision 9 failed");
  }

  @Test
  void aRollbackAfterARestartFallsBackToTheStoredRevision() {
    WireGuardConfig good = new MeshConfigs(HOST, PEER_A).build();
    applier().apply(request(2, good, 0));
    MeshApplier restarted = new MeshApplier(backend, HOST, store(), clock, pause);
    backend.peersAnswer(false);

    MeshApplyResponse response = restarted.apply(request(3, new MeshConfigs(HOST, PEER_B).build(), 5_000));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.ROLLED_BACK);
    assertThat(response.activeRevision()).isEqualTo(2);
    assertThat(backend.current()).contains(good);
  }

  @Test
  void reportsNoModuleUntilTheHostHadAMesh() {
    MeshApplier applier = applier();
    applier.restoreLastKnownGood();

    assertThat(applier.moduleState()).isEmpty();
    assertThat(backend.applied()).isEmpty();
  }

  @Test
  void appliesADeltaOnItsBaseAndKeepsTheWholeResultAsLastKnownGood() {
    MeshApplier applier = applier();
    WireGuardConfig base = new MeshConfigs(HOST, PEER_A, PEER_B).build();
    applier.apply(request(1, base, 0));
    String peerC = MeshConfigs.newPeerKey();
    WireGuardPeer changedA = new WireGuardPeer(PEER_A, "192.0.2.99:51820", List.of("10.90.0.2/32"), 5);
    WireGuardPeer c = new WireGuardPeer(peerC, "192.0.2.30:51820", List.of("10.90.0.9/32"), 25);
    WireGuardConfig target = new MeshConfigs(HOST, PEER_A, peerC).peer(0, changedA).peer(1, c).build();
    MeshDelta delta = new MeshDelta(1, MeshHash.text(base), List.of(c, changedA), List.of(PEER_B));

    MeshApplyResponse response = applier.apply(MeshApplyRequest.delta(2, MeshHash.text(target), delta, 0));

    assertThat(response).isEqualTo(new MeshApplyResponse(2, MeshApplyOutcome.APPLIED, null, 2));
    assertThat(backend.current().orElseThrow().peers()).containsExactlyInAnyOrder(changedA, c);
    LastKnownGood stored = store().load().orElseThrow();
    assertThat(stored.revision()).isEqualTo(2);
    assertThat(stored.hash()).isEqualTo(MeshHash.text(target));
    assertThat(MeshHash.text(stored.config())).isEqualTo(MeshHash.text(target));
    assertThat(stored.config().peers()).containsExactlyInAnyOrder(changedA, c);
  }

  @Test
  void refusesADeltaThatUpsertsOnePeerTwice() {
    MeshApplier applier = applier();
    WireGuardConfig base = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(1, base, 0));
    WireGuardPeer b = new WireGuardPeer(PEER_B, "192.0.2.11:51820", List.of("10.90.0.3/32"), 25);
    MeshDelta delta = new MeshDelta(1, MeshHash.text(base), List.of(b, b), List.of());

    MeshApplyResponse response = applier.apply(MeshApplyRequest.delta(2, MeshHash.text(base), delta, 0));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
    assertThat(response.reason()).startsWith("delta.upserts");
    assertThat(backend.applied()).containsExactly(base);
  }

  @Test
  void refusesADeltaForAnotherBaseAsAMismatchWithoutFailingTheModule() {
    MeshApplier applier = applier();
    WireGuardConfig base = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(4, base, 0));
    WireGuardConfig target = new MeshConfigs(HOST, PEER_A, PEER_B).build();
    MeshDelta fromThree = new MeshDelta(3, MeshHash.text(base), List.of(target.peers().get(1)), List.of());
    MeshDelta otherHash = new MeshDelta(4, MeshHash.text(target), List.of(target.peers().get(1)), List.of());

    for (MeshDelta delta : List.of(fromThree, otherHash)) {
      MeshApplyResponse response = applier.apply(MeshApplyRequest.delta(5, MeshHash.text(target), delta, 0));
      assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
      assertThat(response.reason()).startsWith(MeshApplyRequest.BASE_MISMATCH).contains("this host has revision 4");
      assertThat(response.activeRevision()).isEqualTo(4);
    }
    assertThat(backend.applied()).containsExactly(base);
    assertThat(applier.moduleState()).hasValueSatisfying(state -> assertThat(state.state()).isEqualTo("active"));
  }

  @Test
  void refusesADeltaWhenItHasNoRevisionYet() {
    WireGuardConfig target = new MeshConfigs(HOST, PEER_A).build();
    MeshDelta delta = new MeshDelta(1, MeshHash.text(target), List.of(), List.of());

    MeshApplyResponse response = applier().apply(MeshApplyRequest.delta(2, MeshHash.text(target), delta, 0));

    assertThat(response.reason()).startsWith(MeshApplyRequest.BASE_MISMATCH).contains("this host has no revision");
    assertThat(backend.applied()).isEmpty();
  }

  @Test
  void refusesAConfigurationThatIsNotTheOneItsHashNames() {
    MeshApplier applier = applier();
    WireGuardConfig base = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(1, base, 0));
    WireGuardConfig other = new MeshConfigs(HOST, PEER_A, PEER_B).build();

    MeshApplyResponse full = applier.apply(MeshApplyRequest.full(2, MeshHash.text(base), other, 0));
    MeshApplyResponse delta = applier.apply(MeshApplyRequest.delta(2, MeshHash.text(base),
        new MeshDelta(1, MeshHash.text(base), List.of(other.peers().get(1)), List.of()), 0));

    for (MeshApplyResponse response : List.of(full, delta)) {
      assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
      assertThat(response.reason()).startsWith("hash mismatch: revision 2 should be " + MeshHash.text(base));
    }
    assertThat(backend.applied()).containsExactly(base);
  }

  @Test
  void refusesARequestWithBothOrNeitherNamingTheFields() {
    WireGuardConfig config = new MeshConfigs(HOST, PEER_A).build();
    MeshDelta delta = new MeshDelta(1, MeshHash.text(config), List.of(), List.of());

    for (MeshApplyRequest request : List.of(new MeshApplyRequest(1, MeshHash.text(config), config, delta, 0),
        new MeshApplyRequest(1, MeshHash.text(config), null, null, 0))) {
      MeshApplyResponse response = applier().apply(request);
      assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
      assertThat(response.reason()).contains("config, delta");
    }
    assertThat(backend.applied()).isEmpty();
  }

  @Test
  void anEmptyMeshRemovesTheInterfaceAndStaysRemovedAfterARestart() {
    MeshApplier applier = applier();
    applier.apply(request(1, new MeshConfigs(HOST, PEER_A).build(), 0));
    WireGuardConfig empty = new WireGuardConfig(HOST.publicKey(), 51820, 1420, List.of(), List.of(), List.of());

    MeshApplyResponse response = applier.apply(request(2, empty, 0));

    assertThat(response).isEqualTo(new MeshApplyResponse(2, MeshApplyOutcome.APPLIED, null, 2));
    assertThat(backend.current()).isEmpty();
    assertThat(backend.removals()).isEqualTo(1);
    assertThat(store().load()).contains(new LastKnownGood(2, MeshHash.text(empty), empty));
    assertThat(applier.moduleState()).contains(new ModuleState("mesh", "2", "active", "revision 2: in no networks, no interface"));
    MeshApplier restarted = applier();
    restarted.restoreLastKnownGood();
    assertThat(backend.current()).isEmpty();
    assertThat(backend.applied()).hasSize(1);
    assertThat(restarted.activeRevision()).isEqualTo(2);
    assertThat(restarted.moduleState().orElseThrow().state()).isEqualTo("active");

    WireGuardConfig back = new MeshConfigs(HOST, PEER_B).build();
    assertThat(restarted.apply(request(3, back, 0)).outcome()).isEqualTo(MeshApplyOutcome.APPLIED);
    assertThat(backend.current()).contains(back);
  }

  @Test
  void anEmptyMeshIsValidatedLikeAnyOther() {
    MeshApplier applier = applier();
    WireGuardConfig good = new MeshConfigs(HOST, PEER_A).build();
    applier.apply(request(1, good, 0));
    WireGuardConfig stale = new WireGuardConfig(PEER_B, 51820, 1420, List.of(), List.of(), List.of());

    MeshApplyResponse response = applier.apply(request(2, stale, 0));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.REFUSED);
    assertThat(response.reason()).startsWith("publicKey: ");
    assertThat(backend.current()).contains(good);
    assertThat(backend.removals()).isZero();
  }

  @Test
  void aFailedRevisionAfterAnEmptyMeshRollsBackToNoInterface() {
    MeshApplier applier = applier();
    applier.apply(request(1, new MeshConfigs(HOST, PEER_A).build(), 0));
    applier.apply(request(2, new WireGuardConfig(HOST.publicKey(), 51820, 1420, List.of(), List.of(), List.of()), 0));
    backend.peersAnswer(false);

    MeshApplyResponse response = applier.apply(request(3, new MeshConfigs(HOST, PEER_B).build(), 5_000));

    assertThat(response.outcome()).isEqualTo(MeshApplyOutcome.ROLLED_BACK);
    assertThat(response.activeRevision()).isEqualTo(2);
    assertThat(response.reason()).contains("none of the sampled peers").doesNotContain("failed too");
    assertThat(backend.current()).isEmpty();
    assertThat(store().load().orElseThrow().revision()).isEqualTo(2);
  }

  private MeshApplier applier() {
    return new MeshApplier(backend, HOST, store(), clock, pause);
  }

  private LastKnownGoodStore store() {
    return new LastKnownGoodStore(mesh);
  }

  private static MeshApplyRequest request(long revision, WireGuardConfig config, long verifyTimeoutMillis) {
    return MeshApplyRequest.full(revision, MeshHash.text(config), config, verifyTimeoutMillis);
  }
}
