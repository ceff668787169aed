package dev.loopback.workflows;

import dev.loopback.workflows.tokens.TokenHygieneInput;
import dev.loopback.workflows.tokens.TokenHygieneResult;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * One class per habit {@link WorkflowsStayDeterministicTest} forbids, so each rule is shown to
 * catch something. Never run, and never registered with a worker; they live under test sources,
 * which the rules' import of main classes leaves out.
 */
final class DeterminismViolations {

  private DeterminismViolations() {}

  static final class UsesJdbc {
    Connection connect() throws SQLException {
      return DriverManager.getConnection("jdbc:postgresql://localhost/loopback");
    }
  }

  static final class ReadsAFile {
    boolean configured() {
      return new File("/etc/loopback.conf").exists();
    }
  }

  static final class LogsThroughSlf4j {
    void log() {
      LoggerFactory.getLogger(LogsThroughSlf4j.class).info("replayed again");
    }
  }

  static final class CallsInstantNow {
    Instant asOf() {
      return Instant.now();
    }
  }

  static final class CallsCurrentTimeMillis {
    long asOf() {
      return System.currentTimeMillis();
    }
  }

  static final class SleepsTheThread {
    void pause() throws InterruptedException {
      Thread.sleep(1_000);
    }
  }

  static final class DrawsAUuid {
    String id() {
      return UUID.randomUUID().toString();
    }
  }

  /** Named like an implementation but implements no {@code @WorkflowInterface}. */
  static final class OrphanWorkflowImpl {
    TokenHygieneResult sweep(TokenHygieneInput input) {
      return new TokenHygieneResult(0, 0, true);
    }
  }
}
