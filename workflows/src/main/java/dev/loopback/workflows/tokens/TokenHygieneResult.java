package dev.loopback.workflows.tokens;

/** What one sweep changed; {@code complete} is false when it stopped at its batch limit. */
public record TokenHygieneResult(long expired, long flaggedForRotation, boolean complete) {}
