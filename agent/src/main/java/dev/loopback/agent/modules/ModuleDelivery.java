package dev.loopback.agent.modules;

import dev.loopback.agent.update.PackageFetcher;
import dev.loopback.agent.update.PackageRefused;
import dev.loopback.protocol.messages.DesiredModule;
import dev.loopback.protocol.messages.ModulesDesiredRequest;
import dev.loopback.protocol.messages.ModulesDesiredResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the host run the modules the control plane lists: a release the host does not have is
 * fetched and verified ({@link PackageFetcher}), unpacked beside the versions it has, and activated
 * with its policy; a listed module that is not enabled, or a running module that is not listed, is
 * stopped. A release that is refused, or will not unpack, changes nothing for its module: the version
 * that ran goes on running, and the answer says why.
 */
public final class ModuleDelivery {
  private final ModuleRuntime runtime;
  private final PackageFetcher fetcher;

  /** @param fetcher null when the agent has no {@code api-url}: every release it lacks is then refused */
  public ModuleDelivery(ModuleRuntime runtime, PackageFetcher fetcher) {
    this.runtime = runtime;
    this.fetcher = fetcher;
  }

  public synchronized ModulesDesiredResponse apply(ModulesDesiredRequest request) throws InterruptedException {
    List<String> refusals = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (DesiredModule module : request.modules() == null ? List.<DesiredModule>of() : request.modules()) {
      listed.add(module.name());
      try {
        apply(module);
      } catch (PackageRefused e) {
        refusals.add(module.name() + ": " + e.getMessage());
      }
    }
    runtime.states().stream().map(state -> state.name()).filter(name -> !listed.contains(name)).distinct().forEach(runtime::disable);
    return new ModulesDesiredResponse(runtime.states(), refusals);
  }

  private void apply(DesiredModule module) throws PackageRefused, InterruptedException {
    if (!module.enabled()) {
      runtime.disable(module.name());
      return;
    }
    if (module.release() == null || !module.name().equals(module.release().component())) {
      throw new PackageRefused("release", "an enabled module needs a release of that module");
    }
    Path dir;
    try {
      dir = runtime.directory(module.name(), module.release().version());
    } catch (IllegalArgumentException e) {
      throw new PackageRefused("release", e.getMessage());
    }
    if (!Files.isDirectory(dir)) {
      if (fetcher == null) {
        throw new PackageRefused("api-url", "this agent has no api-url in agent.conf to download " + module.name() + " from");
      }
      if (!"tar.gz".equals(module.release().format())) {
        throw new PackageRefused("format", "modules come as tar.gz packages, this is " + module.release().format());
      }
      Path archive = fetcher.fetch(module.release());
      try {
        unpack(archive, dir);
      } finally {
        delete(archive);
      }
    }
    runtime.activate(module.name(), module.release().version(), module.policyJson());
  }

  /** Unpacks into a sibling directory and renames it into place, so a half-unpacked version is never run. */
  private static void unpack(Path archive, Path dir) throws PackageRefused, InterruptedException {
    Path partial = dir.resolveSibling(dir.getFileName() + ".unpacking");
    try {
      delete(partial);
      Files.createDirectories(partial);
      for (String member : run(List.of("tar", "-tzf", archive.toString()), "list").lines().toList()) {
        if (member.startsWith("/") || Stream.of(member.split("/")).anyMatch(".."::equals)) {
          throw new PackageRefused("package", "member " + member + " would land outside the module's directory");
        }
      }
      run(List.of("tar", "-xzf", archive.toString(), "-C", partial.toString(), "--no-same-owner", "--no-same-permissions"), "unpack");
      if (!Files.isRegularFile(partial.resolve("run"))) {
        throw new PackageRefused("package", "has no run file at its top");
      }
      partial.resolve("run").toFile().setExecutable(true, false);
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PackageRefused("package", "cannot unpack: " + e.getMessage());
    } finally {
      delete(partial);
    }
  }

  private static String run(List<String> command, String what) throws IOException, PackageRefused, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new PackageRefused("package", "cannot " + what + " it as tar.gz: " + out.strip());
    }
    return out;
  }

  private static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leftovers are never run: only renamed, complete directories are.
    }
  }
}
