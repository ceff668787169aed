package dev.loopback.activities.providers;

/** A provider call failed; {@link #retryable()} says whether repeating the same call may succeed. */
public class ProviderException extends RuntimeException {
  private final boolean retryable;

  public ProviderException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public ProviderException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
