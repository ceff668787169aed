package dev.loopback.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests with namespace hosts need of this machine; they skip, saying why, where it is missing. */
public final class NetnsRequirements {
  private NetnsRequirements() {
  }

  public static void assumeUsable() {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create network namespaces (run as root, as CI does)");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "needs iproute2 (apt-get install iproute2)");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "namespace hosts install the agent's .deb: needs dpkg");
    try (var packages = Files.list(Path.of("../agent/target"))) {
      assumeTrue(packages.anyMatch(p -> p.getFileName().toString().endsWith(".deb")),
          "needs the agent package: build it first (./mvnw package, or the README's test command)");
    } catch (IOException e) {
      assumeTrue(false, "needs the agent package in ../agent/target: " + e.getMessage());
    }
  }
}
