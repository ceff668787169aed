package dev.loopback.workflows.hosts;

/** @param lifecycle the stored lifecycle value: {@code PENDING}, {@code MANAGED} or {@code FAILED} */
public record LifecycleChange(String hostId, String lifecycle, String reason) {
}
