package dev.loopback.workflows.tokens;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;

public class TokenHygieneWorkflowImpl implements TokenHygieneWorkflow {

  /** Batches per step per run; a sweep with more left stops and the next scheduled run goes on. */
  static final int MAX_BATCHES_PER_STEP = 100;

  private static final Logger log = Workflow.getLogger(TokenHygieneWorkflowImpl.class);

  private final TokenHygieneActivities activities =
      Workflow.newActivityStub(
          TokenHygieneActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setMaximumAttempts(10)
                      .build())
              .build());

  @Override
  public TokenHygieneResult sweep(TokenHygieneInput input) {
    Instant asOf = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    TokenSweepRequest request = new TokenSweepRequest(asOf, input.batchSize());

    Workflow.setCurrentDetails("**Token hygiene** as of " + asOf + ": expiring tokens past their TTL");
    Step expired = runStep(activities::expireDueTokens, request);

    Workflow.setCurrentDetails(
        "**Token hygiene** as of " + asOf + ": " + expired.changed + " expired; flagging long-lived tokens for rotation");
    Step flagged = runStep(activities::flagTokensDueForRotation, request);

    TokenHygieneResult result =
        new TokenHygieneResult(expired.changed, flagged.changed, expired.complete && flagged.complete);
    Workflow.setCurrentDetails(
        "**Token hygiene** as of " + asOf + ": " + result.expired() + " expired, "
            + result.flaggedForRotation() + " flagged for rotation"
            + (result.complete() ? "" : " (batch limit reached; the next run continues)"));
    log.info("token hygiene as of {}: {}", asOf, result);
    return result;
  }

  private static Step runStep(Function<TokenSweepRequest, TokenSweepBatch> call, TokenSweepRequest request) {
    long changed = 0;
    for (int batch = 0; batch < MAX_BATCHES_PER_STEP; batch++) {
      TokenSweepBatch result = call.apply(request);
      changed += result.changed();
      if (!result.more()) {
        return new Step(changed, true);
      }
    }
    return new Step(changed, false);
  }

  private record Step(long changed, boolean complete) {}
}
