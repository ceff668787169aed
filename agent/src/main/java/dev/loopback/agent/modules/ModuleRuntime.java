package dev.loopback.agent.modules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.protocol.messages.ModuleState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs modules as child processes: {@code <root>/<name>/<version>/run}, each version in its own
 * directory so that the previous one can be started again without a download. The policy goes to
 * the process as {@code LOOPBACK_MODULE_POLICY} (JSON). Each line the module prints on stdout is a
 * JSON object: its numbers are the module's metrics, and {@code "health": "unhealthy"} with a
 * {@code "message"} says it is running but not working.
 *
 * <p>A module that exits is started again after 1 s, 2 s, 4 s …; after {@link #MAX_RESTARTS} exits
 * in a row without {@link #STABLE} time up it is {@code failed} with its exit status and last output,
 * and left stopped until it is activated again. Nothing here blocks or stops the core agent.
 */
public final class ModuleRuntime implements AutoCloseable {
  static final int MAX_RESTARTS = 3;
  static final Duration STABLE = Duration.ofSeconds(30);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path root;
  private final Duration firstBackoff;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, task -> {
    Thread thread = new Thread(task, "modules");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, Running> modules = new TreeMap<>();
  /** What heartbeats read, on the event loop: replaced whole under the lock, read without it. */
  private volatile List<ModuleState> snapshot = List.of();

  public ModuleRuntime(Path root) {
    this(root, Duration.ofSeconds(1));
  }

  ModuleRuntime(Path root, Duration firstBackoff) {
    this.root = root;
    this.firstBackoff = firstBackoff;
  }

  /** Where a module version's files go (the caller unpacks a verified package there). */
  public Path directory(String name, String version) {
    if (!NAME.matcher(name).matches() || !version.matches("[0-9A-Za-z.+-]{1,64}")) {
      throw new IllegalArgumentException("module name or version is not valid: " + name + " " + version);
    }
    return root.resolve(name).resolve(version);
  }

  /** The versions installed side by side, oldest first by installation. */
  public List<String> installed(String name) {
    try (var list = Files.list(root.resolve(name))) {
      return list.filter(Files::isDirectory).sorted(Comparator.comparing(ModuleRuntime::modified))
          .map(dir -> dir.getFileName().toString()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Starts {@code version} of the module with this policy, stopping any other version of it or the
   * same version under another policy; the same version under the same policy is left alone.
   */
  public synchronized void activate(String name, String version, String policyJson) {
    Path dir = directory(name, version);
    Running current = modules.get(name);
    // The control plane repeats the list at every hello and after any change in the workspace: the
    // same version under the same policy is left as it is — running, restarting, or failed until an
    // operator disables and enables it again.
    if (current != null && !current.stopped && current.process != null && current.version.equals(version)
        && Objects.equals(current.policy, policyJson)) {
      return;
    }
    stopQuietly(name);
    Running module = new Running(name, version, dir, policyJson);
    modules.put(name, module);
    publish();
    if (!Files.isExecutable(dir.resolve("run"))) {
      module.fail("version " + version + " is not installed (no executable " + dir.resolve("run") + ")");
      return;
    }
    module.start();
  }

  /** Stops the module and reports it disabled; its installed versions stay. */
  public synchronized void disable(String name) {
    Running module = modules.get(name);
    if (module != null) {
      module.stop();
      module.set("disabled", "disabled by the control plane", null);
    }
  }

  /** For heartbeats: every module's state and last metrics. Never blocks. */
  public List<ModuleState> states() {
    return snapshot;
  }

  private void publish() {
    List<ModuleState> states = new ArrayList<>();
    modules.values().forEach(module -> states.add(module.state));
    snapshot = List.copyOf(states);
  }

  @Override
  public synchronized void close() {
    modules.values().forEach(Running::stop);
    scheduler.shutdownNow();
  }

  private void stopQuietly(String name) {
    Running previous = modules.remove(name);
    if (previous != null) {
      previous.stop();
    }
  }

  private static long modified(Path dir) {
    try {
      return Files.getLastModifiedTime(dir).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** One module version and its process. Guarded by the runtime's lock. */
  private final class Running {
    final String name;
    final String version;
    final Path dir;
    final String policy;
    ModuleState state;
    Process process;
    boolean stopped;
    int exitsInARow;
    long startedAt;
    final List<String> lastOutput = new ArrayList<>();

    Running(String name, String version, Path dir, String policy) {
      this.name = name;
      this.version = version;
      this.dir = dir;
      this.policy = policy;
      this.state = new ModuleState(name, version, "starting", "starting version " + version);
    }

    void start() {
      ProcessBuilder builder = new ProcessBuilder(dir.resolve("run").toString()).directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().put("LOOPBACK_MODULE_POLICY", policy == null ? "{}" : policy);
      try {
        process = builder.start();
      } catch (IOException e) {
        fail("cannot start " + dir.resolve("run") + ": " + e.getMessage());
        return;
      }
      startedAt = System.nanoTime();
      set("active", "version " + version + " running", null);
      Process started = process;
      Thread reader = new Thread(() -> read(started), "module-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    /** Reads the module's lines until it exits, then decides whether to start it again. */
    private void read(Process started) {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          report(line);
        }
      } catch (IOException | UncheckedIOException e) {
        // The process went away; its exit is handled below.
      }
      int status;
      try {
        status = started.waitFor();
      } catch (InterruptedException e) {
        return;
      }
      exited(started, status);
    }

    private void report(String line) {
      synchronized (ModuleRuntime.this) {
        lastOutput.add(line.length() > 200 ? line.substring(0, 200) + "…" : line);
        if (lastOutput.size() > 3) {
          lastOutput.remove(0);
        }
        JsonNode json;
        try {
          json = JSON.readTree(line);
        } catch (IOException e) {
          return;
        }
        if (json == null || !json.isObject() || stopped) {
          return;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        json.fields().forEachRemaining(field -> {
          if (field.getValue().isNumber()) {
            metrics.put(field.getKey(), field.getValue().asDouble());
          }
        });
        boolean unhealthy = "unhealthy".equals(json.path("health").asText());
        set(unhealthy ? "failed" : "active", unhealthy ? json.path("message").asText("reports itself unhealthy")
            : "version " + version + " running", metrics.isEmpty() ? state.metrics() : Map.copyOf(metrics));
      }
    }

    private void exited(Process which, int status) {
      synchronized (ModuleRuntime.this) {
        if (stopped || which != process) {
          return;
        }
        boolean stable = System.nanoTime() - startedAt > STABLE.toNanos();
        exitsInARow = stable ? 1 : exitsInARow + 1;
        String why = "exited with status " + status + (lastOutput.isEmpty() ? "" : "; last output: " + String.join(" | ", lastOutput));
        if (exitsInARow > MAX_RESTARTS) {
          fail("version " + version + " " + why + " (" + exitsInARow + " times in a row; stopped until activated again)");
          return;
        }
        long delay = firstBackoff.toMillis() << (exitsInARow - 1);
        set("restarting", "version " + version + " " + why + "; starting again in " + delay + " ms", state.metrics());
        scheduler.schedule(() -> {
          synchronized (ModuleRuntime.this) {
            if (!stopped && modules.get(name) == this) {
              start();
            }
          }
        }, delay, TimeUnit.MILLISECONDS);
      }
    }

    void fail(String reason) {
      set("failed", reason, null);
    }

    void set(String newState, String message, Map<String, Double> metrics) {
      state = new ModuleState(name, version, newState, message, metrics);
      if (modules.get(name) == this) {
        publish();
      }
    }

    void stop() {
      stopped = true;
      if (process != null && process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
    }
  }
}
