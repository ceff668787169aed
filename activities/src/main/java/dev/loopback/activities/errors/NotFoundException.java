package dev.loopback.activities.errors;

/**
 * The resource does not exist for this caller. Also used for other tenants' resources, so a caller
 * can never tell "not yours" from "not there".
 */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String what) {
    super(what + " not found");
  }
}
