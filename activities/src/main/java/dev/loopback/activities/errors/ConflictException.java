package dev.loopback.activities.errors;

/** The request is valid but clashes with the current state (a duplicate name, say). */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
