package dev.loopback.workflows.power;

/**
 * @param outcome {@code IN_PROGRESS}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT} or
 *     {@code REFUSED} (policy: nothing was asked of the provider)
 * @param machineState the provider's last reported state
 * @param detail why it failed, timed out or was refused
 */
public record PowerActionStatus(String hostId, String action, String outcome, String machineState, String detail) {

  public PowerActionStatus with(String outcome, String machineState, String detail) {
    return new PowerActionStatus(hostId, action, outcome, machineState, detail);
  }
}
