package dev.loopback.api.web;

public class PayloadTooLargeException extends RuntimeException {

  public PayloadTooLargeException(long limit) {
    super("the request body exceeds the limit of " + limit + " bytes");
  }
}
