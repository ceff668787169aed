package dev.loopback.workflows.hosts;

public record MachineRef(String hostId, String provider, String machineId) {
}
