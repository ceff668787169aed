package dev.loopback.api.web;

import org.springframework.http.ProblemDetail;

/** Authentication or authorization refused; carries the problem to answer with (401, 403 or 404). */
public class ApiAccessException extends RuntimeException {

  private final transient ProblemDetail problem;

  public ApiAccessException(ProblemDetail problem) {
    super(problem.getDetail());
    this.problem = problem;
  }

  public ProblemDetail problem() {
    return problem;
  }
}
