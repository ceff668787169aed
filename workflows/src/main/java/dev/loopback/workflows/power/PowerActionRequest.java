package dev.loopback.workflows.power;

import java.time.Duration;

/**
 * @param action {@code ON}, {@code OFF} or {@code RESET}
 * @param cordoned the operator says the host, if it is a Kubernetes node, was cordoned and drained:
 *     without it a hard action (off, reset) on such a node is refused
 * @param deadline how long to wait for the machine to reach the target state
 */
public record PowerActionRequest(String hostId, String workspaceId, String action, boolean cordoned, Duration deadline) {

  /** The machine state the action is done at: {@code OFF} for off, {@code RUNNING} otherwise. */
  public String targetState() {
    return "OFF".equals(action) ? "OFF" : "RUNNING";
  }
}
