package dev.loopback.workflows;

/** The one place task queue names are defined. */
public final class TaskQueues {

  /** Workflows and activities that need no particular control-plane replica. */
  public static final String CONTROL = "loopback-control";

  /**
   * The queue of one replica's agent-facing worker: an activity that must reach an agent runs on the
   * replica that holds the agent's channel (found in the session registry).
   */
  public static String agentRpc(String replicaId) {
    return "agent-rpc/" + replicaId;
  }

  private TaskQueues() {}
}
