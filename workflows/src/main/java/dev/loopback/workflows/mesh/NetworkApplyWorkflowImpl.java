package dev.loopback.workflows.mesh;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class NetworkApplyWorkflowImpl implements NetworkApplyWorkflow {
  /** Hosts pushed at once: enough to keep every replica busy, few enough not to flood one. */
  static final int PARALLEL = 50;
  /** With no change for this long the workflow ends; the next change starts it again. */
  static final Duration IDLE = Duration.ofMinutes(1);
  /** Rounds per run before continuing as new, so that the history of a busy network stays short. */
  static final int ROUNDS_PER_RUN = 20;
  static final long VERIFY_TIMEOUT_MILLIS = 10_000;

  private final MeshActivities activities = Workflow.newActivityStub(MeshActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).setMaximumAttempts(10).build())
          .build());

  /** The start is a change too: whoever started the workflow signalled it. */
  private int pending = 1;
  private MeshRoundOutcome lastRound;

  @Override
  public void apply(String networkId) {
    for (int round = 0; round < ROUNDS_PER_RUN; round++) {
      if (!Workflow.await(IDLE, () -> pending > 0)) {
        return;
      }
      pending = 0;
      MeshPlan plan = activities.planNetwork(networkId);
      if (!plan.hosts().isEmpty()) {
        lastRound = activities.recordRound(round(networkId, plan));
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

  private static List<MeshPushResult> pushAll(String networkId, List<HostRevision> hosts, String suffix) {
    List<MeshPushResult> results = new ArrayList<>();
    for (int from = 0; from < hosts.size(); from += PARALLEL) {
      List<HostRevision> batch = hosts.subList(from, Math.min(hosts.size(), from + PARALLEL));
      List<Promise<MeshPushResult>> pushes = new ArrayList<>();
      for (HostRevision host : batch) {
        MeshPushWorkflow child = Workflow.newChildWorkflowStub(MeshPushWorkflow.class, ChildWorkflowOptions.newBuilder()
            .setWorkflowId("mesh-push/" + host.hostId() + "/" + host.revision() + suffix + "/" + Workflow.randomUUID())
            .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
            .build());
        pushes.add(Async.function(child::push, new MeshPushRequest(host.hostId(), host.revision(), host.hash(), VERIFY_TIMEOUT_MILLIS)));
      }
      for (int i = 0; i < batch.size(); i++) {
        results.add(outcome(batch.get(i), pushes.get(i)));
      }
    }
    return results;
  }

  private static MeshPushResult outcome(HostRevision host, Promise<MeshPushResult> push) {
    try {
      return push.get();
    } catch (ChildWorkflowFailure failure) {
      Throwable cause = failure.getCause() == null ? failure : failure.getCause();
      return new MeshPushResult(host.hostId(), host.revision(), "FAILED", cause.getMessage());
    }
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
