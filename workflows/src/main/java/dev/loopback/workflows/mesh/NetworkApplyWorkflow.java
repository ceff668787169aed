package dev.loopback.workflows.mesh;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The one writer of a network's mesh ({@link #workflowId}): membership changes signal it, and it
 * applies them in rounds — changes that arrive during a round are coalesced into the next. A round
 * pushes the new revisions to every changed host; if any host fails, every host that applied is
 * rolled back to its previous revision (saga, compensations out of the cancellation's reach).
 */
@WorkflowInterface
public interface NetworkApplyWorkflow {
  String SIGNAL = "meshChanged";

  @WorkflowMethod
  void apply(String networkId);

  @SignalMethod(name = SIGNAL)
  void meshChanged();

  /** The last round: whole up to 2,000 hosts; of a bigger one, its outcome and first 100 failures (the hosts' states have the rest). */
  @QueryMethod
  MeshRoundOutcome lastRound();

  static String workflowId(String networkId) {
    return "network-apply/" + networkId;
  }
}
