package dev.loopback.agent.mesh;

import java.util.List;

/**
 * Runs a program and collects what it printed. The real one ({@link ProcessCommandRunner}) may put a
 * prefix before every command — {@code ip netns exec <ns>} in tests — so the same backend can drive a
 * network namespace instead of the host.
 */
public interface CommandRunner {
  /**
   * @param stdin written to the program's standard input, then closed; null for none
   * @throws MeshBackendException if the program cannot be started or does not finish in time
   */
  CommandResult run(List<String> command, String stdin);

  /** Like {@link #run} without input, but a non-zero exit status is a {@link MeshBackendException} too. */
  default String check(List<String> command) {
    CommandResult result = run(command, null);
    if (result.exitCode() != 0) {
      throw new MeshBackendException(result.describeFailure(command));
    }
    return result.stdout();
  }
}
