package dev.loopback.workflows.mesh;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers one mesh revision to one host's agent: locate its channel, ask that replica, re-route if
 * the agent moved. A child of the network apply, so that each host's history stays its own and a
 * network of thousands stays far inside Temporal's history limits.
 */
@WorkflowInterface
public interface MeshPushWorkflow {
  @WorkflowMethod
  MeshPushResult push(MeshPushRequest request);
}
