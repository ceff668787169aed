package dev.loopback.agent.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands as child processes, each with a deadline. Both output streams are drained at once on
 * helper threads: a program that fills the pipe we are not reading would otherwise stall forever.
 */
public final class ProcessCommandRunner implements CommandRunner {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** How long output may stay open after the program exited (a daemon it forked may have inherited it). */
  private static final long DRAIN_MILLIS = 2_000;
  private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "mesh-command-output");
    thread.setDaemon(true);
    return thread;
  });

  private final List<String> prefix;
  private final Duration timeout;

  /** @param prefix put before every command, e.g. {@code ip netns exec ns1}; empty on a real host */
  public ProcessCommandRunner(List<String> prefix, Duration timeout) {
    this.prefix = List.copyOf(prefix);
    this.timeout = timeout;
  }

  public ProcessCommandRunner() {
    this(List.of(), DEFAULT_TIMEOUT);
  }

  public List<String> prefix() {
    return prefix;
  }

  @Override
  public CommandResult run(List<String> command, String stdin) {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full);
    // wireguard-go's daemon keeps our stdout and stderr open for good when LOG_LEVEL is set (it logs to
    // them); without it, it detaches onto /dev/null and the command's output ends when the command does.
    builder.environment().remove("LOG_LEVEL");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new MeshBackendException("cannot run `" + String.join(" ", full) + "`: " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), READERS);
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), READERS);
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The program exited without reading its input; its exit status says why.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new MeshBackendException("`" + String.join(" ", full) + "` did not finish within " + timeout.toMillis() + "ms");
      }
      return new CommandResult(process.exitValue(), output(stdout), output(stderr));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MeshBackendException("interrupted while running `" + String.join(" ", full) + "`", e);
    }
  }

  private static String output(CompletableFuture<String> stream) throws InterruptedException {
    try {
      return stream.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    }
  }

  private static String drain(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
