package dev.loopback.api.downloads;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the install script with nothing on its PATH but the tools a test hands it: real ones linked
 * in, or stubs. The machine running the tests may be a real root, so every command that could change
 * it (mkdir, tar, dpkg, useradd, systemctl, ...) is either absent, and fails as "not found", or a stub
 * that only records its arguments and fails. Its temporary directory is its own.
 */
final class ScriptSandbox {

  /** Exit status of the recording stubs, distinct from every status the script documents. */
  static final int STUB_STATUS = 97;

  private final Path bin;
  private final Path tmp;
  private final Path calls;

  ScriptSandbox(Path dir) throws IOException {
    this.bin = Files.createDirectories(dir.resolve("bin"));
    this.tmp = Files.createDirectories(dir.resolve("tmp"));
    this.calls = dir.resolve("calls.log");
  }

  /** Where this machine has the tool, on the test's PATH. */
  static Optional<Path> installed(String tool) {
    return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The real tool of this machine. */
  ScriptSandbox link(String tool) throws IOException {
    Files.createSymbolicLink(bin.resolve(tool), installed(tool).orElseThrow(() -> new IllegalStateException(tool + " is not installed")));
    return this;
  }

  ScriptSandbox link(String tool, Path real) throws IOException {
    Files.createSymbolicLink(bin.resolve(tool), real);
    return this;
  }

  /** A stub running {@code body} under /bin/sh, in place of the tool if it was linked. */
  ScriptSandbox stub(String tool, String body) throws IOException {
    Path stub = bin.resolve(tool);
    // Hazard: writing through a link made by link() would overwrite the machine's real tool. Remove
    // the link itself, and create the stub exclusively (O_EXCL refuses to follow a symbolic link).
    Files.deleteIfExists(stub);
    Files.writeString(stub, "#!/bin/sh\n" + body + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    return this;
  }

  /** A stub that records that it ran, with its arguments, and fails. */
  ScriptSandbox recording(String... tools) throws IOException {
    for (String tool : tools) {
      stub(tool, "printf '%s\\n' \"" + tool + " $*\" >> '" + calls + "'\nexit " + STUB_STATUS);
    }
    return this;
  }

  List<String> calls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  /** What the script left in its temporary directory (it should clean up after itself). */
  List<Path> leftovers() throws IOException {
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.toList();
    }
  }

  record Run(int status, String out, String err) {}

  Run run(List<String> shell, Path script, Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(shell);
    command.add(script.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().put("PATH", bin.toString());
    builder.environment().put("TMPDIR", tmp.toString());
    builder.environment().put("HOME", tmp.toString());
    builder.environment().putAll(env);
    Path out = Files.createTempFile("install-out", ".txt");
    Path err = Files.createTempFile("install-err", ".txt");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the install script did not finish within 60 s");
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
