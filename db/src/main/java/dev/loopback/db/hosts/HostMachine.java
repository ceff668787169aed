package dev.loopback.db.hosts;

import java.time.Instant;
import java.util.UUID;

/**
 * The machine a compute provider created for a host, with the last power state and action.
 *
 * @param powerState the provider's last reported state ({@code RUNNING}, {@code OFF}, ...), null until known
 * @param powerOutcome of the last power action: {@code IN_PROGRESS}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}
 */
public record HostMachine(
    UUID hostId,
    String provider,
    String machineId,
    UUID installTokenId,
    Instant createdAt,
    Instant destroyedAt,
    String powerState,
    String powerAction,
    String powerOutcome,
    String powerDetail,
    Instant powerChangedAt) {
}
