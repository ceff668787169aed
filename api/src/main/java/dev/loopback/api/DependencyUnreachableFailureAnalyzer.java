package dev.loopback.api;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unreachable dependency into Spring Boot's short "APPLICATION FAILED TO START" report. */
class DependencyUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<DependencyUnreachableException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DependencyUnreachableException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Check that " + cause.dependency() + " is running and reachable, or fix " + cause.setting()
            + ". Leave it unset to use the embedded " + cause.dependency() + ".",
        cause);
  }
}
