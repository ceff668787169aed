package dev.loopback.activities.providers;

/**
 * The answer to {@link ComputeProvider#status}.
 *
 * @param detail a human-readable explanation, required for {@link MachineState#ERROR}, may be empty otherwise
 */
public record MachineStatus(String machineId, MachineState state, String detail) {

  public MachineStatus {
    detail = detail == null ? "" : detail;
  }

  public static MachineStatus of(String machineId, MachineState state) {
    return new MachineStatus(machineId, state, "");
  }
}
