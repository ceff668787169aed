package dev.loopback.activities.providers.netns;

import dev.loopback.activities.providers.ProviderException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command to completion with a timeout, in a clean environment, with stdin from
 * /dev/null. Failures become {@link ProviderException}s that name the command and quote its stderr;
 * callers therefore never put secrets in {@code argv}.
 */
final class Command {
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** How long output may keep flowing after the command exited: a background child can hold the pipe open. */
  private static final Duration DRAIN = Duration.ofSeconds(2);

  private Command() {}

  static String run(String... argv) {
    return run(DEFAULT_TIMEOUT, List.of(argv));
  }

  /** Runs {@code argv} and returns its stdout; non-zero exit, timeout or I/O failure throw. */
  static String run(Duration timeout, List<String> argv) {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
    cleanEnvironment(builder.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ProviderException(describe(argv) + " could not start: " + e.getMessage(), false, e);
    }
    Drain stdout = new Drain(process.getInputStream());
    Drain stderr = new Drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new ProviderException(describe(argv) + " timed out after " + timeout, true);
      }
      String out = stdout.await();
      String err = stderr.await();
      if (process.exitValue() != 0) {
        throw new ProviderException(describe(argv) + " failed with exit status " + process.exitValue()
            + (err.isBlank() ? "" : ": " + err.strip()), false);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new ProviderException(describe(argv) + " was interrupted", true, e);
    }
  }

  /** The environment every command gets, whatever the JVM's own: also what machines' init inherits. */
  static void cleanEnvironment(Map<String, String> environment) {
    environment.clear();
    environment.put("PATH", PATH);
    environment.put("HOME", "/root");
    environment.put("LANG", "C.UTF-8");
  }

  static String describe(List<String> argv) {
    String joined = String.join(" ", argv);
    return "`" + (joined.length() > 200 ? joined.substring(0, 200) + "..." : joined) + "`";
  }

  /** Reads a stream on its own thread so that neither stdout nor stderr can fill up and block the command. */
  private static final class Drain {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final InputStream in;
    private final Thread thread;

    Drain(InputStream in) {
      this.in = in;
      this.thread = new Thread(this::pump, "netns-command-output");
      thread.setDaemon(true);
      thread.start();
    }

    private void pump() {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (bytes) {
            bytes.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // the command is gone; what was read is all there is
      }
    }

    /**
     * What the command wrote. A background child that inherited the pipe keeps the reader (a daemon
     * thread) alive until it exits; after {@link #DRAIN} this returns what came so far.
     */
    String await() throws InterruptedException {
      thread.join(DRAIN.toMillis());
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
