package dev.loopback.api.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.mesh.MeshActivitiesImpl;
import dev.loopback.activities.mesh.MeshIdentities;
import dev.loopback.activities.mesh.MeshRequests;
import dev.loopback.activities.mesh.Networks;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.networks.MeshIdentity;
import dev.loopback.db.networks.MeshIdentityRepository;
import dev.loopback.db.networks.MeshRevisionRepository;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshHash;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.protocol.messages.WireGuardPeer;
import dev.loopback.workflows.mesh.HostRevision;
import dev.loopback.workflows.mesh.MeshPlan;
import dev.loopback.workflows.mesh.MeshPushResult;
import dev.loopback.workflows.mesh.MeshRoundOutcome;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The planning activity on the real database: revisions are stored per host as what they are made
 * of, hashes agree with the configurations the agents get, a join costs existing hosts a one-peer
 * delta, and rounds are recorded — including a rollback — the way the workflow reports them.
 * (Joins go through the service, not the API, so that no workflow plans behind the test's back.)
 */
@ApiTest
class MeshPlanningTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @Autowired Fleet fleet;
  @Autowired Networks networks;
  @Autowired MeshActivitiesImpl planner;
  @Autowired MeshRequests requests;
  @Autowired MeshIdentityRepository identities;
  @Autowired MeshRevisionRepository revisions;
  @Autowired MeshIdentities meshIdentities;

  private UUID workspace;
  private UUID network;
  private final List<UUID> hosts = new ArrayList<>();

  @BeforeEach
  void tenHostsInANetwork() throws Exception {
    workspace = fleet.createWorkspace("plan-" + UUID.randomUUID().toString().substring(0, 8));
    network = networks.create(Actor.system("test", "plan"), workspace, new Networks.CreateNetwork("plan", "10.95.0.0/24", null, null)).id();
    for (int i = 0; i < 10; i++) {
      hosts.add(joinedHost("h" + i));
    }
  }

  @Test
  void firstRoundGivesEveryHostItsWholeMeshWithMatchingHashes() {
    MeshPlan plan = planner.planNetwork(network.toString());

    assertThat(plan.hosts()).hasSize(10).allSatisfy(host -> {
      assertThat(host.revision()).isEqualTo(1);
      assertThat(host.previousRevision()).isZero();
    });
    for (HostRevision host : plan.hosts()) {
      MeshApplyRequest request = request(host);
      assertThat(request.delta()).as("a first revision is sent whole").isNull();
      assertThat(request.verifyTimeoutMillis()).as("and verified without waiting for peers that may still be booting").isZero();
      assertThat(request.config().peers()).hasSize(9);
      assertThat(request.config().mtu()).isEqualTo(1380);
      assertThat(request.config().networks()).containsExactly("10.95.0.0/24");
      assertThat(request.config().peers()).allSatisfy(peer -> {
        assertThat(peer.endpoint()).matches("192\\.0\\.2\\.\\d+:51820");
        assertThat(peer.persistentKeepaliveSeconds()).isEqualTo(25);
      });
      assertThat(MeshHash.text(request.config())).isEqualTo(request.hash())
          .isEqualTo(revisions.find(UUID.fromString(host.hostId()), 1).orElseThrow().hash());
    }
    assertThat(planner.planNetwork(network.toString()).hosts()).as("not applied yet: pushed again").hasSize(10);
    planner.recordRound(allApplied(plan));
    assertThat(planner.planNetwork(network.toString()).hosts()).as("nothing changed, nothing to push").isEmpty();
  }

  @Test
  void aJoinCostsEveryAppliedHostAOnePeerDelta() throws Exception {
    MeshPlan first = planner.planNetwork(network.toString());
    Map<UUID, WireGuardConfig> applied = new HashMap<>();
    for (HostRevision host : first.hosts()) {
      applied.put(UUID.fromString(host.hostId()), request(host).config());
    }
    planner.recordRound(allApplied(first));

    UUID newcomer = joinedHost("late");
    MeshPlan second = planner.planNetwork(network.toString());

    assertThat(second.hosts()).hasSize(11);
    for (HostRevision host : second.hosts()) {
      MeshApplyRequest request = request(host);
      if (host.hostId().equals(newcomer.toString())) {
        assertThat(request.config().peers()).hasSize(10);
        continue;
      }
      assertThat(host.revision()).isEqualTo(2);
      assertThat(host.previousRevision()).isEqualTo(1);
      assertThat(request.config()).isNull();
      assertThat(request.delta().baseRevision()).isEqualTo(1);
      assertThat(request.verifyTimeoutMillis()).isEqualTo(1000);
      assertThat(request.delta().removals()).isEmpty();
      assertThat(request.delta().upserts()).extracting(WireGuardPeer::publicKey)
          .containsExactly(identities.of(List.of(newcomer)).get(0).publicKey());
      WireGuardConfig after = request.delta().applyTo(applied.get(UUID.fromString(host.hostId())));
      assertThat(MeshHash.text(after)).isEqualTo(request.hash());
    }
  }

  @Test
  void aRolledBackRoundPutsTheDesiredRevisionBackAndKeepsTheReasons() throws Exception {
    planner.recordRound(allApplied(planner.planNetwork(network.toString())));
    joinedHost("breaks");
    MeshPlan second = planner.planNetwork(network.toString());
    String failing = second.hosts().get(0).hostId();
    List<MeshPushResult> results = new ArrayList<>();
    for (HostRevision host : second.hosts()) {
      boolean fails = host.hostId().equals(failing);
      results.add(new MeshPushResult(host.hostId(), host.revision(), fails ? "REFUSED" : "APPLIED", fails ? "networks[0]: overlaps" : null));
    }
    for (HostRevision host : second.hosts()) {
      if (!host.hostId().equals(failing) && host.previousRevision() > 0) {
        results.add(new MeshPushResult(host.hostId(), host.previousRevision(), "APPLIED", null));
      }
    }
    planner.recordRound(new MeshRoundOutcome(network.toString(), "ROLLED_BACK", second.hosts(), results));

    for (HostRevision host : second.hosts()) {
      var state = revisions.state(UUID.fromString(host.hostId())).orElseThrow();
      if (host.hostId().equals(failing)) {
        assertThat(state.outcome()).isEqualTo("REFUSED");
        assertThat(state.detail()).contains("overlaps");
      } else if (host.previousRevision() > 0) {
        assertThat(state.desiredRevision()).isEqualTo(host.previousRevision());
        assertThat(state.appliedRevision()).isEqualTo(host.previousRevision());
        assertThat(state.outcome()).isEqualTo("ROLLED_BACK");
      }
    }
  }

  @Test
  void aHostAskedToReapplyIsInTheNextRoundAndALeaverGetsAnEmptyMesh() {
    planner.recordRound(allApplied(planner.planNetwork(network.toString())));
    UUID stuck = hosts.get(3);
    networks.reapply(Actor.system("test", "reapply"), workspace, stuck);
    assertThat(planner.planNetwork(network.toString()).hosts()).extracting(HostRevision::hostId).containsExactly(stuck.toString());

    UUID leaver = hosts.get(5);
    networks.leave(Actor.system("test", "leave"), workspace, network, leaver);
    MeshPlan plan = planner.planNetwork(network.toString());
    HostRevision left = plan.hosts().stream().filter(h -> h.hostId().equals(leaver.toString())).findFirst().orElseThrow();
    MeshApplyRequest request = request(left);
    WireGuardConfig config = request.config();
    assertThat(config.addresses()).isEmpty();
    assertThat(config.peers()).isEmpty();
    assertThat(plan.hosts()).hasSize(10 + 1 - 1 + 1 - 1).extracting(HostRevision::hostId).contains(stuck.toString());
  }

  @Test
  void twoNetworksRoundsTakeTurnsOnASharedHostAndNeitherCarriesTheOthersFailedChange() throws Exception {
    planner.recordRound(allApplied(planner.planNetwork(network.toString())));
    UUID other = networks.create(Actor.system("test", "plan"), workspace, new Networks.CreateNetwork("other", "10.96.0.0/24", null, null)).id();
    List<UUID> shared = List.of(hosts.get(0), hosts.get(1));
    for (UUID host : shared) {
      networks.join(Actor.system("test", "join"), workspace, other, host);
    }
    MeshPlan otherRound = planner.planNetwork(other.toString());
    assertThat(otherRound.hosts()).extracting(HostRevision::hostId).containsExactlyInAnyOrder(shared.get(0).toString(), shared.get(1).toString());

    // While the other network's round is in flight, this network changes: the shared hosts wait their turn.
    UUID newcomer = joinedHost("late");
    MeshPlan meanwhile = planner.planNetwork(network.toString());
    assertThat(meanwhile.deferred()).isEqualTo(2);
    assertThat(meanwhile.hosts()).hasSize(9).extracting(HostRevision::hostId)
        .doesNotContain(shared.get(0).toString(), shared.get(1).toString()).contains(newcomer.toString());
    planner.recordRound(allApplied(meanwhile));

    // The other network's round fails on one shared host, and both go back to revision 1.
    List<MeshPushResult> results = new ArrayList<>();
    results.add(new MeshPushResult(shared.get(0).toString(), 2, "REFUSED", "networks[1]: overlaps the host's route"));
    results.add(new MeshPushResult(shared.get(1).toString(), 2, "APPLIED", null));
    results.add(new MeshPushResult(shared.get(1).toString(), 1, "APPLIED", null));
    planner.recordRound(new MeshRoundOutcome(other.toString(), "ROLLED_BACK", otherRound.hosts(), results));
    for (UUID host : shared) {
      assertThat(revisions.state(host).orElseThrow()).extracting(s -> s.desiredRevision(), s -> s.appliedRevision()).containsExactly(1L, 1L);
    }

    // Now their turn: this network's change, composed on what they run, without the refused network.
    MeshPlan turn = planner.planNetwork(network.toString());
    assertThat(turn.deferred()).isZero();
    assertThat(turn.hosts()).extracting(HostRevision::hostId).containsExactlyInAnyOrder(shared.get(0).toString(), shared.get(1).toString());
    for (HostRevision host : turn.hosts()) {
      assertThat(host.previousRevision()).isEqualTo(1);
      MeshApplyRequest request = request(host);
      assertThat(request.delta().baseRevision()).isEqualTo(1);
      assertThat(request.delta().upserts()).extracting(WireGuardPeer::publicKey)
          .containsExactly(identities.of(List.of(newcomer)).get(0).publicKey());
      assertThat(request.delta().removals()).isEmpty();
      assertThat(revisions.find(UUID.fromString(host.hostId()), host.revision()).orElseThrow().compositionJson()).doesNotContain(other.toString());
    }
  }

  @Test
  void aHostThatReconnectsRunningItsRevisionIsNotSentItAgainAndItsNextDeltaStartsThere() throws Exception {
    MeshPlan first = planner.planNetwork(network.toString());
    // The round never learnt that this host applied (its answer was lost): recorded as not connected.
    UUID quiet = hosts.get(2);
    List<MeshPushResult> results = new ArrayList<>();
    for (HostRevision host : first.hosts()) {
      results.add(new MeshPushResult(host.hostId(), host.revision(), host.hostId().equals(quiet.toString()) ? "NOT_CONNECTED" : "APPLIED", null));
    }
    planner.recordRound(new MeshRoundOutcome(network.toString(), "APPLIED", first.hosts(), results));
    assertThat(revisions.state(quiet).orElseThrow().appliedRevision()).isZero();
    String hash = revisions.find(quiet, 1).orElseThrow().hash();
    MeshIdentity identity = identities.of(List.of(quiet)).get(0);

    assertThat(revisions.recordRunning(quiet, 1, "msha256:" + "0".repeat(64), Instant.now())).as("a hash that is not revision 1's").isFalse();
    assertThat(meshIdentities.record(quiet, new MeshIdentityEvent(identity.publicKey(), 51820, 1L, hash), identity.endpointHost()))
        .as("nothing changed, nothing to send").isFalse();
    assertThat(revisions.state(quiet).orElseThrow().appliedRevision()).isEqualTo(1);

    joinedHost("late");
    HostRevision next = planner.planNetwork(network.toString()).hosts().stream()
        .filter(host -> host.hostId().equals(quiet.toString())).findFirst().orElseThrow();
    assertThat(request(next).delta().baseRevision()).as("a one-peer delta, not the whole mesh").isEqualTo(1);
  }

  private MeshApplyRequest request(HostRevision host) {
    return requests.requests(List.of(new MeshRequests.Wanted(UUID.fromString(host.hostId()), host.revision())), 1000)
        .get(UUID.fromString(host.hostId()));
  }

  private static MeshRoundOutcome allApplied(MeshPlan plan) {
    List<MeshPushResult> results = plan.hosts().stream()
        .map(host -> new MeshPushResult(host.hostId(), host.revision(), "APPLIED", null)).toList();
    return new MeshRoundOutcome(plan.networkId(), "APPLIED", plan.hosts(), results);
  }

  private UUID joinedHost(String name) throws Exception {
    UUID host = UUID.fromString(fleet.call(fleet.ownerKey(), post("/api/v1/workspaces/" + workspace + "/hosts"),
        "{\"name\":\"" + name + "\"}", 201).get("hostId").asText());
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    identities.record(host, Base64.getEncoder().encodeToString(key), 51820, "192.0.2." + (1 + RANDOM.nextInt(250)), Instant.now());
    networks.join(Actor.system("test", "join"), workspace, network, host);
    return host;
  }
}
