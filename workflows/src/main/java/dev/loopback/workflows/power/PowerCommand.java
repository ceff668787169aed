package dev.loopback.workflows.power;

import dev.loopback.workflows.hosts.MachineRef;

/** @param action {@code ON}, {@code OFF} or {@code RESET} */
public record PowerCommand(MachineRef machine, String action) {
}
