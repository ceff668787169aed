package dev.loopback.activities.errors;

/** A request field holds a value the domain refuses; {@code field} names it for the caller. */
public class InvalidFieldException extends RuntimeException {

  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
