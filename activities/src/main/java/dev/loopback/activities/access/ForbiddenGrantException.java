package dev.loopback.activities.access;

/** A grant the caller's own role does not allow (it would be a privilege escalation). */
public class ForbiddenGrantException extends RuntimeException {

  public ForbiddenGrantException(String message) {
    super(message);
  }
}
