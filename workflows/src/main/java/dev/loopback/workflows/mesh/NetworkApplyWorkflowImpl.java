package dev.loopback.workflows.mesh;

import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.agents.AgentLocations;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.agents.LocateAgentsRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Delivers a round in batches, one activity per replica and up to {@link #HOSTS_PER_BATCH} hosts, so
 * that a round of 10,000 hosts is a few dozen events rather than a child workflow per host.
 */
public class NetworkApplyWorkflowImpl implements NetworkApplyWorkflow {
  /** With no change for this long the workflow ends; the next change starts it again. */
  static final Duration IDLE = Duration.ofMinutes(1);
  /** Rounds per run before continuing as new, so that the history of a busy network stays short. */
  static final int ROUNDS_PER_RUN = 20;
  /** Agents verify peers by sampling WireGuard handshakes, which takes a few seconds under wireguard-go. */
  static final long VERIFY_TIMEOUT_MILLIS = 15_000;
  /** Hosts per registry lookup, so that each activity's payload stays small. */
  static final int HOSTS_PER_LOCATE = 5_000;
  /** Pushes per batch activity: ids and hashes only, some 100 bytes each. */
  static final int HOSTS_PER_BATCH = 500;
  /** Batch activities in flight at once: enough to keep every replica busy, few enough not to flood one. */
  static final int PARALLEL_BATCHES = 8;
  /** Locate-and-push attempts per host: its channel may move between the lookup and the push. */
  static final int MAX_ROUTES = 3;
  /** A replica that does not pick its batch up by then is gone; its hosts are located again. */
  static final Duration SCHEDULE_TO_START = Duration.ofSeconds(5);
  static final Duration REROUTE_PAUSE = Duration.ofMillis(500);
  /**
   * A batch heartbeats while its agents answer. How long it takes depends on what it carries — 500
   * one-peer deltas take a second, 500 whole configurations of a 10,000-host network are 800 MB of
   * JSON that wait for room in the replica's window — so a batch is cut off when it stops making
   * progress ({@link #BATCH_HEARTBEAT}), and {@link #BATCH_TIMEOUT} is only a bound.
   */
  static final Duration BATCH_HEARTBEAT = Duration.ofSeconds(60);
  static final Duration BATCH_TIMEOUT = Duration.ofMinutes(15);
  /** Hosts per recordRound call: plan and results of 2,000 hosts are some 500 KB. */
  static final int HOSTS_PER_RECORD = 2_000;
  /** Failures the lastRound query shows of a round too big to show whole. */
  static final int QUERY_FAILURES = 100;

  private final MeshActivities activities = Workflow.newActivityStub(MeshActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).setMaximumAttempts(10).build())
          .build());
  private final AgentLocatorActivities locator = Workflow.newActivityStub(AgentLocatorActivities.class,
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .build());

  /** Waits before planning again hosts that another network's round holds: doubling, up to the maximum. */
  static final Duration FIRST_DEFERRED_PAUSE = Duration.ofSeconds(1);
  static final Duration MAX_DEFERRED_PAUSE = Duration.ofSeconds(30);

  /** The start is a change too: whoever started the workflow signalled it. */
  private int pending = 1;
  private MeshRoundOutcome lastRound;
  private Duration deferredPause = FIRST_DEFERRED_PAUSE;

  @Override
  public void apply(String networkId) {
    // The server suggests continuing as new when the history grows large, which big rounds do faster than many rounds.
    for (int round = 0; round < ROUNDS_PER_RUN && !Workflow.getInfo().isContinueAsNewSuggested(); round++) {
      Workflow.await(IDLE, () -> pending > 0);
      if (pending == 0) {
        // Idle: end. A change signalled while this run ends is not lost: it starts the next run.
        return;
      }
      pending = 0;
      MeshPlan plan = activities.planNetwork(networkId);
      if (!plan.hosts().isEmpty()) {
        lastRound = record(round(networkId, plan));
      }
      if (plan.deferred() > 0) {
        // Hosts in another network's round: plan them again once it has had time to end, or at the next change.
        Workflow.await(deferredPause, () -> pending > 0);
        deferredPause = Collections.min(List.of(deferredPause.multipliedBy(2), MAX_DEFERRED_PAUSE));
        pending++;
      } else {
        deferredPause = FIRST_DEFERRED_PAUSE;
      }
    }
    Workflow.continueAsNew(networkId);
  }

  private MeshRoundOutcome round(String networkId, MeshPlan plan) {
    Workflow.setCurrentDetails("**Mesh apply** of network `" + networkId + "`: pushing " + plan.hosts().size() + " host(s)");
    List<MeshPushResult> results = pushAll(networkId, plan.hosts(), "");
    List<MeshPushResult> failures = results.stream().filter(MeshPushResult::failed).toList();
    if (failures.isEmpty()) {
      Workflow.setCurrentDetails("**Mesh apply** of network `" + networkId + "`: " + plan.hosts().size() + " host(s) applied");
      return new MeshRoundOutcome(networkId, "APPLIED", plan.hosts(), results);
    }
    // Saga: every host that took the new revision goes back, even if this workflow is being cancelled.
    List<MeshPushResult> all = new ArrayList<>(results);
    Workflow.newDetachedCancellationScope(() -> all.addAll(pushAll(networkId, rollbacks(plan, results), "/rollback"))).run();
    Workflow.setCurrentDetails("**Mesh apply** of network `" + networkId + "`: rolled back; " + failures.size()
        + " host(s) failed, first: " + failures.get(0).hostId() + " " + failures.get(0).outcome() + " " + failures.get(0).reason());
    return new MeshRoundOutcome(networkId, "ROLLED_BACK", plan.hosts(), all);
  }

  /**
   * Records the round in chunks of hosts, each far below Temporal's 2 MB payload limit, and keeps a
   * copy small enough for the query: the whole round when it is small, else its failures.
   */
  private MeshRoundOutcome record(MeshRoundOutcome round) {
    for (int from = 0; from < round.plan().size(); from += HOSTS_PER_RECORD) {
      List<HostRevision> chunk = List.copyOf(round.plan().subList(from, Math.min(round.plan().size(), from + HOSTS_PER_RECORD)));
      Set<String> ids = new HashSet<>();
      chunk.forEach(host -> ids.add(host.hostId()));
      List<MeshPushResult> results = round.results().stream().filter(result -> ids.contains(result.hostId())).toList();
      activities.recordRound(new MeshRoundOutcome(round.networkId(), round.outcome(), chunk, results));
    }
    if (round.plan().size() <= HOSTS_PER_RECORD) {
      return round;
    }
    List<MeshPushResult> failures = round.results().stream().filter(MeshPushResult::failed).limit(QUERY_FAILURES).toList();
    return new MeshRoundOutcome(round.networkId(), round.outcome(), List.of(), failures);
  }

  /** Hosts that applied the new revision, back to the one they had (a host that had none keeps it: see README). */
  private static List<HostRevision> rollbacks(MeshPlan plan, List<MeshPushResult> results) {
    Map<String, MeshPushResult> byHost = new HashMap<>();
    results.forEach(result -> byHost.put(result.hostId(), result));
    List<HostRevision> back = new ArrayList<>();
    for (HostRevision host : plan.hosts()) {
      MeshPushResult result = byHost.get(host.hostId());
      if (result != null && result.applied() && host.previousRevision() > 0) {
        back.add(new HostRevision(host.hostId(), host.previousRevision(), null, host.revision()));
      }
    }
    return back;
  }

  /**
   * Locates the hosts, pushes to each replica in batches, and routes again the hosts whose channel
   * was not where the registry said. Returns one result per host, in the order of {@code hosts}.
   * Cancelled, it sends no more batches but waits for those in flight, so that the saga knows which hosts applied.
   */
  private List<MeshPushResult> pushAll(String networkId, List<HostRevision> hosts, String suffix) {
    Map<String, HostRevision> byId = new HashMap<>();
    hosts.forEach(host -> byId.put(host.hostId(), host));
    Map<String, MeshPushResult> results = new HashMap<>();
    List<String> unrouted = hosts.stream().map(HostRevision::hostId).toList();
    MeshPushResult leftover = new MeshPushResult(null, 0, "NOT_CONNECTED", "not reachable in " + MAX_ROUTES + " routes; gets it at its next hello");
    for (int route = 1; route <= MAX_ROUTES && !unrouted.isEmpty(); route++) {
      AgentLocations locations;
      try {
        if (route > 1) {
          Workflow.sleep(REROUTE_PAUSE);
        }
        locations = locate(unrouted);
      } catch (ActivityFailure | CanceledFailure failure) {
        leftover = new MeshPushResult(null, 0, "FAILED", "could not locate the host: " + failure.getMessage());
        break;
      }
      locations.notConnected().forEach(hostId -> results.put(hostId, result(byId.get(hostId), "NOT_CONNECTED", "the host is not connected")));
      List<String> moved = new ArrayList<>();
      for (MeshPushResult result : deliver(networkId, batches(locations, byId), suffix)) {
        if ("NOT_HERE".equals(result.outcome())) {
          moved.add(result.hostId());
        } else {
          results.put(result.hostId(), result);
        }
      }
      unrouted = moved;
    }
    if (CancellationScope.current().isCancelRequested()) {
      leftover = new MeshPushResult(null, 0, "CANCELLED", "the apply was cancelled before this host was pushed");
    }
    List<MeshPushResult> ordered = new ArrayList<>();
    for (HostRevision host : hosts) {
      MeshPushResult result = results.get(host.hostId());
      ordered.add(result != null ? result : result(host, leftover.outcome(), leftover.reason()));
    }
    return ordered;
  }

  private AgentLocations locate(List<String> hostIds) {
    List<Promise<AgentLocations>> chunks = new ArrayList<>();
    for (int from = 0; from < hostIds.size(); from += HOSTS_PER_LOCATE) {
      List<String> chunk = List.copyOf(hostIds.subList(from, Math.min(hostIds.size(), from + HOSTS_PER_LOCATE)));
      chunks.add(Async.function(locator::locateAll, new LocateAgentsRequest(chunk)));
    }
    Map<String, List<String>> byReplica = new TreeMap<>();
    List<String> notConnected = new ArrayList<>();
    for (Promise<AgentLocations> chunk : chunks) {
      AgentLocations located = chunk.get();
      located.byReplica().forEach((replica, ids) -> byReplica.computeIfAbsent(replica, key -> new ArrayList<>()).addAll(ids));
      notConnected.addAll(located.notConnected());
    }
    return new AgentLocations(byReplica, notConnected);
  }

  private record Batch(String replicaId, List<MeshPushRequest> pushes) {
  }

  /** Batches taken from the replicas in turn (in replica id order), so that the first ones in flight reach all of them. */
  private static List<Batch> batches(AgentLocations locations, Map<String, HostRevision> byId) {
    List<List<Batch>> perReplica = new ArrayList<>();
    for (String replicaId : new TreeMap<>(locations.byReplica()).keySet()) {
      List<MeshPushRequest> pushes = locations.byReplica().get(replicaId).stream().map(byId::get)
          .map(host -> new MeshPushRequest(host.hostId(), host.revision(), host.hash(), VERIFY_TIMEOUT_MILLIS)).toList();
      List<Batch> batches = new ArrayList<>();
      for (int from = 0; from < pushes.size(); from += HOSTS_PER_BATCH) {
        batches.add(new Batch(replicaId, List.copyOf(pushes.subList(from, Math.min(pushes.size(), from + HOSTS_PER_BATCH)))));
      }
      perReplica.add(batches);
    }
    List<Batch> interleaved = new ArrayList<>();
    for (int i = 0; interleaved.size() < perReplica.stream().mapToInt(List::size).sum(); i++) {
      for (List<Batch> batches : perReplica) {
        if (i < batches.size()) {
          interleaved.add(batches.get(i));
        }
      }
    }
    return interleaved;
  }

  /** Runs the batches, at most {@link #PARALLEL_BATCHES} at a time; one result per push, never a failure. */
  private static List<MeshPushResult> deliver(String networkId, List<Batch> batches, String suffix) {
    List<MeshPushResult> results = new ArrayList<>();
    Deque<Batch> queued = new ArrayDeque<>(batches);
    List<Promise<List<MeshPushResult>>> running = new ArrayList<>();
    while (!running.isEmpty() || !queued.isEmpty() && !CancellationScope.current().isCancelRequested()) {
      while (running.size() < PARALLEL_BATCHES && !queued.isEmpty() && !CancellationScope.current().isCancelRequested()) {
        running.add(send(networkId, queued.poll(), suffix));
      }
      Promise.anyOf(running).get();
      for (Promise<List<MeshPushResult>> batch : List.copyOf(running)) {
        if (batch.isCompleted()) {
          results.addAll(batch.get());
          running.remove(batch);
        }
      }
    }
    queued.forEach(batch -> batch.pushes().forEach(push -> results.add(result(push, "CANCELLED", "the apply was cancelled before this push"))));
    return results;
  }

  private static Promise<List<MeshPushResult>> send(String networkId, Batch batch, String suffix) {
    AgentRpcActivities rpc = Workflow.newActivityStub(AgentRpcActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.agentRpc(batch.replicaId()))
        .setScheduleToStartTimeout(SCHEDULE_TO_START)
        .setStartToCloseTimeout(BATCH_TIMEOUT)
        .setHeartbeatTimeout(BATCH_HEARTBEAT)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .setSummary("mesh" + suffix + " of network " + networkId + ": " + batch.pushes().size() + " host(s) on " + batch.replicaId())
        .build());
    // Out of a cancellation's reach: the agents of a batch in flight may apply it, so the saga must learn which did.
    List<Promise<List<MeshPushResult>>> sent = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> sent.add(Async.function(rpc::applyMeshBatch, new MeshBatchRequest(batch.pushes()))
        // A batch that failed as a whole (the replica is gone, or timed out) is routed again like a host whose channel moved.
        .handle((done, failure) -> failure == null
            ? done.results()
            : batch.pushes().stream().map(push -> result(push, "NOT_HERE", "the batch on " + batch.replicaId() + " failed")).toList())))
        .run();
    return sent.get(0);
  }

  private static MeshPushResult result(HostRevision host, String outcome, String reason) {
    return new MeshPushResult(host.hostId(), host.revision(), outcome, reason);
  }

  private static MeshPushResult result(MeshPushRequest push, String outcome, String reason) {
    return new MeshPushResult(push.hostId(), push.revision(), outcome, reason);
  }

  @Override
  public void meshChanged() {
    pending++;
  }

  @Override
  public MeshRoundOutcome lastRound() {
    return lastRound;
  }
}
