package dev.loopback.activities.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.activities.mesh.compile.Composition;
import dev.loopback.activities.mesh.compile.HostIdentity;
import dev.loopback.activities.mesh.compile.MeshRound;
import dev.loopback.activities.mesh.compile.NetworkSnapshot;
import dev.loopback.activities.mesh.compile.SnapshotMember;
import dev.loopback.db.networks.MemberIdentity;
import dev.loopback.db.networks.MeshIdentity;
import dev.loopback.db.networks.MeshIdentityRepository;
import dev.loopback.db.networks.MeshRevisionRepository;
import dev.loopback.db.networks.MeshRevisionRepository.HostMeshState;
import dev.loopback.db.networks.MeshRevisionRepository.LockedState;
import dev.loopback.db.networks.MeshRevisionRepository.NewRevision;
import dev.loopback.db.networks.MeshRevisionRepository.RoundResult;
import dev.loopback.db.networks.Network;
import dev.loopback.db.networks.NetworkRepository;
import dev.loopback.workflows.mesh.HostRevision;
import dev.loopback.workflows.mesh.MeshActivities;
import dev.loopback.workflows.mesh.MeshPlan;
import dev.loopback.workflows.mesh.MeshPushResult;
import dev.loopback.workflows.mesh.MeshRoundOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans a network's apply rounds from PostgreSQL: snapshot the network, compile the next revision
 * of every host it affects ({@link MeshRound}), store them — in one transaction that holds the
 * hosts' state rows, so two networks' rounds on one host take turns — and record how rounds end.
 */
@Component
public class MeshActivitiesImpl implements MeshActivities {
  private static final Logger log = LoggerFactory.getLogger(MeshActivitiesImpl.class);
  /**
   * How long a round's claim on its hosts holds: far longer than any round takes (a few minutes at
   * worst), so only a claim left by a terminated workflow runs out.
   */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(30);
  private final NetworkRepository networks;
  private final MeshIdentityRepository identities;
  private final MeshRevisionRepository revisions;
  private final NetworkSnapshots snapshots;
  private final TransactionTemplate transactions;
  private final ObjectMapper json;
  private final Clock clock;

  public MeshActivitiesImpl(NetworkRepository networks, MeshIdentityRepository identities, MeshRevisionRepository revisions,
      NetworkSnapshots snapshots, TransactionTemplate transactions, ObjectMapper json, Clock clock) {
    this.networks = networks;
    this.identities = identities;
    this.revisions = revisions;
    this.snapshots = snapshots;
    this.transactions = transactions;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public MeshPlan planNetwork(String networkId) {
    UUID id = UUID.fromString(networkId);
    long started = System.nanoTime();
    // Before planning, in its own transaction: a change committed after this wakes the workflow again.
    networks.clearApplyRequest(id);
    MeshPlan plan = transactions.execute(status -> plan(id));
    log.atInfo().addKeyValue("networkId", networkId).addKeyValue("hosts", plan.hosts().size())
        .addKeyValue("deferred", plan.deferred()).addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
        .log("Planned a mesh round");
    return plan;
  }

  private MeshPlan plan(UUID networkId) {
    Instant now = clock.instant();
    long started = System.nanoTime();
    NetworkSnapshot.Content content = networks.findById(networkId)
        .map(network -> content(network))
        .orElse(NetworkSnapshot.Content.deleted());
    Optional<NetworkSnapshot> previous = snapshots.latest(networkId);
    if (previous.isEmpty() && content.cidr() == null) {
      return new MeshPlan(networkId.toString(), List.of());
    }
    NetworkSnapshot after = previous.filter(p -> p.content().equals(content))
        .orElseGet(() -> snapshots.store(networkId, previous.map(NetworkSnapshot::revision).orElse(0L) + 1, content, now));

    Set<UUID> affected = new LinkedHashSet<>();
    addMembers(affected, after);
    previous.ifPresent(p -> addMembers(affected, p));
    Map<UUID, Current> current = new HashMap<>();
    Set<UUID> deferred = new HashSet<>();
    for (LockedState locked : revisions.lockStates(affected)) {
      UUID host = locked.state().hostId();
      current.put(host, new Current(new MeshRound.Current(host, locked.desired().revision(), locked.desired().hash(),
          read(locked.desired().compositionJson())), locked.state()));
      // One round at a time per host: a host in another network's round is planned once that round has
      // ended, on top of what it left (applied or rolled back), never on a revision still in flight.
      if (locked.roundNetwork() != null && !locked.roundNetwork().equals(networkId) && locked.roundClaimedAt().isAfter(now.minus(CLAIM_LEASE))) {
        deferred.add(host);
      }
    }
    affected.removeAll(deferred);
    long loaded = System.nanoTime();
    Map<UUID, HostIdentity> keys = new HashMap<>();
    for (MeshIdentity identity : identities.of(affected)) {
      keys.put(identity.hostId(), new HostIdentity(identity.publicKey(), identity.listenPort()));
    }
    MeshRound round = new MeshRound(after, other -> snapshots.latest(other).orElse(null), snapshots::get);
    Map<UUID, MeshRound.Current> currentRevisions = new HashMap<>();
    current.forEach((host, c) -> currentRevisions.put(host, c.revision()));
    List<MeshRound.Next> next = round.plan(affected, currentRevisions, keys);

    Map<UUID, Long> highest = revisions.highestRevisions(next.stream().map(MeshRound.Next::hostId).toList());
    List<NewRevision> stored = new ArrayList<>();
    List<HostRevision> plan = new ArrayList<>();
    for (MeshRound.Next host : next) {
      long revision = highest.getOrDefault(host.hostId(), 0L) + 1;
      stored.add(new NewRevision(host.hostId(), revision, host.hash(), write(host.composition())));
      // No hash: the push loads it with the revision, and a 10,000-host plan stays under a megabyte.
      plan.add(new HostRevision(host.hostId().toString(), revision, null, host.previousRevision()));
    }
    long compiled = System.nanoTime();
    revisions.appendAll(stored, networkId, now);
    // Hosts that missed an earlier revision (disconnected, or asked to re-apply) get theirs again.
    Set<UUID> planned = new HashSet<>(next.stream().map(MeshRound.Next::hostId).toList());
    current.forEach((host, c) -> {
      if (affected.contains(host) && !planned.contains(host) && after.member(host) != null
          && c.state().appliedRevision() != c.revision().revision()) {
        plan.add(new HostRevision(host.toString(), c.revision().revision(), null, 0));
      }
    });
    revisions.claim(plan.subList(stored.size(), plan.size()).stream().map(host -> UUID.fromString(host.hostId())).toList(), networkId, now);
    log.atInfo().addKeyValue("networkId", networkId).addKeyValue("loadMillis", (loaded - started) / 1_000_000)
        .addKeyValue("compileMillis", (compiled - loaded) / 1_000_000).addKeyValue("storeMillis", (System.nanoTime() - compiled) / 1_000_000)
        .log("Mesh round phases");
    return new MeshPlan(networkId.toString(), plan, deferred.size());
  }

  private record Current(MeshRound.Current revision, HostMeshState state) {
  }

  private void addMembers(Set<UUID> hosts, NetworkSnapshot snapshot) {
    snapshot.members().forEach(member -> hosts.add(member.hostId()));
    for (UUID bridged : snapshot.content().bridges()) {
      snapshots.latest(bridged).ifPresent(other -> other.members().forEach(member -> hosts.add(member.hostId())));
    }
  }

  private NetworkSnapshot.Content content(Network network) {
    List<SnapshotMember> members = new ArrayList<>();
    for (MemberIdentity member : networks.membersWithIdentities(network.id())) {
      members.add(new SnapshotMember(member.hostId(), member.address(), member.publicKey(),
          member.listenPort() == null ? 0 : member.listenPort(), member.endpoint()));
    }
    return new NetworkSnapshot.Content(network.cidr(), network.mtu(), network.persistentKeepalive(), networks.bridgedTo(network.id()),
        members);
  }

  @Override
  public MeshRoundOutcome recordRound(MeshRoundOutcome outcome) {
    Instant now = clock.instant();
    Map<String, MeshPushResult> pushes = new HashMap<>();
    Map<String, MeshPushResult> rollbacks = new HashMap<>();
    for (MeshPushResult result : outcome.results()) {
      // The first result of a host is its push; a second one is its rollback.
      (pushes.containsKey(result.hostId()) ? rollbacks : pushes).put(result.hostId(), result);
    }
    boolean rolledBack = "ROLLED_BACK".equals(outcome.outcome());
    UUID networkId = UUID.fromString(outcome.networkId());
    transactions.executeWithoutResult(status -> {
      List<RoundResult> recorded = new ArrayList<>();
      Map<UUID, HostMeshState> states = new HashMap<>();
      revisions.states(outcome.plan().stream().map(h -> UUID.fromString(h.hostId())).toList())
          .forEach(state -> states.put(state.hostId(), state));
      for (HostRevision host : outcome.plan()) {
        UUID hostId = UUID.fromString(host.hostId());
        MeshPushResult push = pushes.get(host.hostId());
        HostMeshState state = states.get(hostId);
        long applied = state == null ? 0 : state.appliedRevision();
        String result = push == null ? "NOT_PUSHED" : push.outcome();
        String detail = push == null ? null : push.reason();
        if (push != null && push.applied()) {
          applied = host.revision();
        } else if (push != null && "ROLLED_BACK".equals(push.outcome())) {
          applied = host.previousRevision();
        }
        long desired = host.revision();
        if (rolledBack && host.previousRevision() > 0) {
          desired = host.previousRevision();
          MeshPushResult back = rollbacks.get(host.hostId());
          if (back != null && back.applied()) {
            applied = host.previousRevision();
          }
          result = push != null && push.applied() ? "ROLLED_BACK" : result;
          if (push != null && push.applied()) {
            detail = "rolled back: another host failed";
          }
        }
        recorded.add(new RoundResult(hostId, desired, applied, result, detail));
      }
      revisions.recordRound(networkId, recorded, now);
    });
    return outcome;
  }

  private String write(Composition composition) {
    try {
      return json.writeValueAsString(composition);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a mesh composition", e);
    }
  }

  private Composition read(String text) {
    try {
      return json.readValue(text, Composition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored mesh composition is unreadable: " + e.getOriginalMessage());
    }
  }
}
