package dev.loopback.agent.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers commands from a script (the first rule whose words start the command wins; unmatched
 * commands succeed silently) and records every command. For {@code wg syncconf} it also keeps the
 * file's content and mode as they were while wg could read them.
 */
final class ScriptedRunner implements CommandRunner {
  final List<List<String>> commands = new ArrayList<>();
  final List<String> syncconfFiles = new ArrayList<>();
  final List<String> syncconfModes = new ArrayList<>();
  final List<Path> syncconfPaths = new ArrayList<>();
  private final Map<String, List<CommandResult>> rules = new LinkedHashMap<>();

  /** Answers commands starting with {@code words} with the results in turn, the last one from then on. */
  ScriptedRunner on(String words, CommandResult... results) {
    rules.put(words, new ArrayList<>(List.of(results)));
    return this;
  }

  static CommandResult ok(String stdout) {
    return new CommandResult(0, stdout, "");
  }

  static CommandResult fail(int exit, String stderr) {
    return new CommandResult(exit, "", stderr);
  }

  @Override
  public CommandResult run(List<String> command, String stdin) {
    commands.add(List.copyOf(command));
    if (command.size() > 3 && command.get(0).equals("wg") && command.get(1).equals("syncconf")) {
      Path file = Path.of(command.get(3));
      try {
        syncconfPaths.add(file);
        syncconfFiles.add(Files.readString(file));
        syncconfModes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String line = String.join(" ", command);
    for (Map.Entry<String, List<CommandResult>> rule : rules.entrySet()) {
      if (line.startsWith(rule.getKey())) {
        List<CommandResult> results = rule.getValue();
        return results.size() > 1 ? results.remove(0) : results.get(0);
      }
    }
    return ok("");
  }

  List<String> lines() {
    return commands.stream().map(command -> String.join(" ", command)).toList();
  }
}
