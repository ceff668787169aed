package dev.loopback.workflows.tokens;

/** @param more true when the call stopped at its limit and more tokens may be due */
public record TokenSweepBatch(int changed, boolean more) {}
