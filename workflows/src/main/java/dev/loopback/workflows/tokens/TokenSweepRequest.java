package dev.loopback.workflows.tokens;

import java.time.Instant;

/**
 * @param asOf the sweep's time, taken once from workflow time so retries and batches agree on it
 * @param limit the most tokens to change in this call
 */
public record TokenSweepRequest(Instant asOf, int limit) {}
