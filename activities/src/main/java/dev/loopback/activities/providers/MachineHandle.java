package dev.loopback.activities.providers;

/**
 * The answer to {@link ComputeProvider#create}.
 *
 * @param machineId the provider's id of the machine, to store with the host and pass to the other calls
 * @param state its state when create returned
 */
public record MachineHandle(String machineId, MachineState state) {}
