package dev.loopback.workflows.hosts;

/** @param state the provider's state, normalised: {@code CREATING}, {@code RUNNING}, {@code OFF}, {@code GONE}, {@code ERROR} */
public record MachineStatus(MachineRef machine, String state, String detail) {
  public boolean running() {
    return "RUNNING".equals(state);
  }

  public boolean failed() {
    return "ERROR".equals(state) || "GONE".equals(state);
  }
}
