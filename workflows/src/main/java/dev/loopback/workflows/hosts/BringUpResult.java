package dev.loopback.workflows.hosts;

/** The final status of a bring-up: {@code MANAGED}, {@code FAILED} or {@code CANCELLED}. */
public record BringUpResult(BringUpStatus status) {
}
