package dev.loopback.agent.mesh;

import java.util.List;

/** A finished command: its exit status and what it wrote to standard output and standard error. */
public record CommandResult(int exitCode, String stdout, String stderr) {
  /** "`ip link add ...` failed (exit 2): RTNETLINK answers: Operation not permitted", for error messages. */
  public String describeFailure(List<String> command) {
    String why = stderr.strip().isEmpty() ? stdout.strip() : stderr.strip();
    return "`" + String.join(" ", command) + "` failed (exit " + exitCode + ")" + (why.isEmpty() ? "" : ": " + why);
  }
}
