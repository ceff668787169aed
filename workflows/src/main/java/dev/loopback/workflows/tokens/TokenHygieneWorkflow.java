package dev.loopback.workflows.tokens;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Token hygiene, run on a schedule: marks tokens past their TTL expired and flags long-lived tokens
 * older than their workspace's rotation policy for rotation. Both steps are audited by the activities.
 */
@WorkflowInterface
public interface TokenHygieneWorkflow {

  /** The one execution id: a single sweeper per cluster, whichever way it is scheduled. */
  String WORKFLOW_ID = "token-hygiene";

  @WorkflowMethod
  TokenHygieneResult sweep(TokenHygieneInput input);
}
