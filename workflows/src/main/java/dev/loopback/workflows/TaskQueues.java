package dev.loopback.workflows;

/** The one place task queue names are defined. */
public final class TaskQueues {

  /** Workflows and activities that need no particular control-plane replica. */
  public static final String CONTROL = "loopback-control";

  private TaskQueues() {}
}
