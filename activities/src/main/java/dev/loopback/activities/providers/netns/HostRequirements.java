package dev.loopback.activities.providers.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks once, at start, what the netns provider needs from its host, so that it fails early and says why. */
final class HostRequirements {

  private HostRequirements() {}

  static void check(List<String> tools) {
    List<String> problems = new ArrayList<>();
    if (!isRoot()) {
      problems.add("it must run as root (network namespaces, veth pairs and overlay mounts need CAP_SYS_ADMIN and CAP_NET_ADMIN)");
    }
    List<String> missing = tools.stream().filter(tool -> which(tool).isEmpty()).toList();
    if (!missing.isEmpty()) {
      problems.add("missing commands " + missing + " (Debian: apt-get install iproute2 util-linux coreutils)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("loopback.providers.netns.enabled=true, but " + String.join("; and ", problems));
    }
  }

  static boolean isRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("Uid:"))
          .anyMatch(line -> line.split("\\s+")[2].equals("0")); // the effective uid
    } catch (IOException e) {
      return false;
    }
  }

  static java.util.Optional<Path> which(String tool) {
    return Arrays.stream(Command.PATH.split(":"))
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
