package dev.loopback.workflows.tokens;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Idempotent: each call changes only tokens not yet changed, so a retried call is harmless. */
@ActivityInterface
public interface TokenHygieneActivities {

  @ActivityMethod
  TokenSweepBatch expireDueTokens(TokenSweepRequest request);

  @ActivityMethod
  TokenSweepBatch flagTokensDueForRotation(TokenSweepRequest request);
}
