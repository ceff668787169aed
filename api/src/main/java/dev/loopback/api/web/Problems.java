package dev.loopback.api.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details, built in one place. {@code type} names the kind of problem; validation
 * problems carry {@code errors: [{field, message}]} so a client can point at the wrong field.
 */
public final class Problems {

  private Problems() {}

  public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("/problems/" + type));
    problem.setTitle(title);
    return problem;
  }

  public static ProblemDetail invalidField(String field, String message) {
    ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", message);
    problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
    return problem;
  }

  public static ProblemDetail invalidFields(List<Map<String, String>> errors) {
    String detail = errors.stream().map(e -> e.get("field") + ": " + e.get("message")).reduce((a, b) -> a + "; " + b).orElse("invalid request");
    ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    problem.setProperty("errors", errors);
    return problem;
  }

  public static ProblemDetail unauthenticated(String reason) {
    return of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", reason);
  }

  public static ProblemDetail forbidden(String detail) {
    return of(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail);
  }

  public static ProblemDetail notFound(String detail) {
    return of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
  }

  public static ProblemDetail payloadTooLarge(PayloadTooLargeException e) {
    return of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Request body too large", e.getMessage());
  }
}
