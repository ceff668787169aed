package dev.loopback.workflows.hosts;

public record StepResult(String step, boolean applied, String detail) {
}
