package dev.loopback.workflows.agents;

import dev.loopback.workflows.mesh.MeshBatchRequest;
import dev.loopback.workflows.mesh.MeshBatchResult;
import dev.loopback.workflows.mesh.MeshPushRequest;
import dev.loopback.workflows.mesh.MeshPushResult;
import dev.loopback.workflows.updates.AgentUpdateAnswer;
import dev.loopback.workflows.updates.AgentUpdateCommand;
import io.temporal.activity.ActivityInterface;

/**
 * Commands that travel over an agent's channel. These run only on the task queue of the replica
 * that holds the channel ({@link dev.loopback.workflows.TaskQueues#agentRpc}); a replica that no
 * longer holds it fails with {@link #AGENT_NOT_HERE} so the caller re-locates the agent.
 */
@ActivityInterface
public interface AgentRpcActivities {
  /** ApplicationFailure type: this replica has no channel to the host (it moved or disconnected). */
  String AGENT_NOT_HERE = "AgentNotHere";
  /** ApplicationFailure type: the channel is there but the agent did not answer in time. */
  String AGENT_TIMEOUT = "AgentTimeout";

  PingAgentResult ping(PingAgentRequest request);

  /** Sends a stored mesh revision to the agent and returns what it did with it. */
  MeshPushResult applyMesh(MeshPushRequest request);

  /**
   * Sends many hosts their revisions at once, all concurrently, and waits for every answer (or its
   * timeout). Never fails for one host: a host whose channel is not on this replica comes back
   * {@code NOT_HERE}, one that did not answer {@code TIMED_OUT}.
   */
  MeshBatchResult applyMeshBatch(MeshBatchRequest request);

  /** Sends the agent an update and waits while it downloads, verifies and installs it. */
  AgentUpdateAnswer updateAgent(AgentUpdateCommand command);
}
