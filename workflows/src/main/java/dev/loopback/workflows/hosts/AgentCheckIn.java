package dev.loopback.workflows.hosts;

/**
 * What a workflow learns when a host's agent opens a session: sent as the signal
 * {@link #SIGNAL} to {@code host-bringup/<hostId>} (the bring-up workflow waits for it).
 */
public record AgentCheckIn(String hostId, String agentVersion, String replicaId, long checkedInAtMillis) {
  public static final String SIGNAL = "agentCheckedIn";

  public static String bringUpWorkflowId(String hostId) {
    return "host-bringup/" + hostId;
  }
}
