package dev.loopback.workflows.tokens;

/**
 * @param batchSize tokens changed per activity call, so one call stays short and its result small
 */
public record TokenHygieneInput(int batchSize) {

  public static final int DEFAULT_BATCH_SIZE = 500;

  public TokenHygieneInput {
    if (batchSize <= 0) {
      batchSize = DEFAULT_BATCH_SIZE;
    }
  }
}
