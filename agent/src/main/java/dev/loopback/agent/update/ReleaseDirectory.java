package dev.loopback.agent.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The releases the launcher ({@code /usr/lib/loopback-agent/loopback-agent}) can run, in the
 * directory it names in {@code LOOPBACK_AGENT_RELEASES}: a directory per version holding its
 * {@code loopback-agent.jar}; {@code current}, a relative link to the version to run (none: the
 * installed package's jar); {@code pending}, written before {@code current} moves to an update that
 * has not checked in yet; and {@code failed}, the launcher's record of an update it rolled back.
 * {@code pending} and {@code failed} are {@code key=value} lines, a contract with the launcher.
 */
public final class ReleaseDirectory {
  static final String JAR = "loopback-agent.jar";
  private final Path root;

  public ReleaseDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The version {@code current} points at; empty when the installed package's jar runs. */
  public Optional<String> current() throws IOException {
    Path link = root.resolve("current");
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
  }

  public boolean has(String version) {
    return Files.isRegularFile(root.resolve(version).resolve(JAR), LinkOption.NOFOLLOW_LINKS);
  }

  /** Moves a verified jar in as {@code version}'s, whole or not at all. */
  public void install(String version, Path jar) throws IOException {
    Files.createDirectories(root);
    Path partial = root.resolve(version + ".installing");
    delete(partial);
    Files.createDirectories(partial);
    Files.move(jar, partial.resolve(JAR), StandardCopyOption.REPLACE_EXISTING);
    delete(root.resolve(version));
    Files.move(partial, root.resolve(version), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Points {@code current} at {@code version}: a new link renamed over the old one, so there is always one. */
  public void point(String version) throws IOException {
    Path next = root.resolve("current.next");
    Files.deleteIfExists(next);
    Files.createSymbolicLink(next, Path.of(version));
    Files.move(next, root.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** @param from the version that runs now, "" for the installed package's jar */
  public void markPending(String to, String from, Instant deadline) throws IOException {
    write("pending", "to=" + to + "\nfrom=" + from + "\ndeadline=" + deadline.getEpochSecond() + "\n");
  }

  public Optional<Map<String, String>> pending() throws IOException {
    return read("pending");
  }

  /** Removes the marker, which tells the launcher the new version checked in. */
  public void commit() throws IOException {
    Files.deleteIfExists(root.resolve("pending"));
  }

  /** The launcher's record of a rolled-back update, once: it is renamed to {@code failed.reported}. */
  public Optional<Map<String, String>> takeFailed() throws IOException {
    Optional<Map<String, String>> failed = read("failed");
    if (failed.isPresent()) {
      Files.move(root.resolve("failed"), root.resolve("failed.reported"), StandardCopyOption.REPLACE_EXISTING);
    }
    return failed;
  }

  /** Deletes every version directory but {@code keep}'s, and any leftover of an interrupted install. */
  public void prune(Set<String> keep) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !keep.contains(name)) {
          delete(entry);
        }
      }
    }
  }

  private void write(String name, String content) throws IOException {
    Files.createDirectories(root);
    Path temporary = root.resolve(name + ".next");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    Files.move(temporary, root.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Optional<Map<String, String>> read(String name) throws IOException {
    try {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(root.resolve(name), StandardCharsets.UTF_8)) {
        int equals = line.indexOf('=');
        if (equals > 0) {
          values.putIfAbsent(line.substring(0, equals), line.substring(equals + 1));
        }
      }
      return Optional.of(values);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path each : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(each);
      }
    }
  }
}
