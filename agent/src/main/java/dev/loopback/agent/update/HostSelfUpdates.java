package dev.loopback.agent.update;

import dev.loopback.agent.host.SerialWorker;
import dev.loopback.protocol.messages.AgentUpdateReport;
import dev.loopback.protocol.messages.AgentUpdateRequest;
import dev.loopback.protocol.messages.AgentUpdateResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's self-updates: installs run on their own thread (a download takes time), never on the
 * event loop; once a {@code RESTARTING} answer is out, {@link #restart()} completes and the agent
 * exits with status 75 so that systemd starts the launcher again, which runs the new version.
 */
public final class HostSelfUpdates implements SelfUpdates, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostSelfUpdates.class);
  private final ReleaseDirectory releases;
  private final AgentInstaller installer;
  private final String runningVersion;
  private final CompletableFuture<String> restart = new CompletableFuture<>();
  private final SerialWorker worker = new SerialWorker("self-update");

  /** @param releases null when the agent was not started by the launcher: every update is then refused */
  public HostSelfUpdates(ReleaseDirectory releases, AgentInstaller installer, String runningVersion) {
    this.releases = releases;
    this.installer = installer;
    this.runningVersion = runningVersion;
  }

  /** Completes with the version to restart into once the agent has said it will. */
  public CompletableFuture<String> restart() {
    return restart;
  }

  @Override
  public CompletableFuture<AgentUpdateResponse> apply(AgentUpdateRequest request) {
    String version = request.release() == null ? null : request.release().version();
    return worker.submit(() -> {
      try {
        installer.install(request);
        log.atInfo().addKeyValue("from", runningVersion).addKeyValue("to", version).log("update installed; restarting into it");
        return AgentUpdateResponse.restarting(version);
      } catch (PackageRefused e) {
        log.atWarn().addKeyValue("version", version).addKeyValue("field", e.field()).log("update refused: {}", e.getMessage());
        return AgentUpdateResponse.refused(version, e.field(), e.reason());
      }
    });
  }

  @Override
  public void answered(AgentUpdateResponse response) {
    if (response.outcome() == AgentUpdateResponse.Outcome.RESTARTING) {
      restart.complete(response.version());
    }
  }

  @Override
  public Optional<AgentUpdateReport> checkedIn() {
    if (releases == null) {
      return Optional.empty();
    }
    try {
      Optional<Map<String, String>> pending = releases.pending().filter(marker -> runningVersion.equals(marker.get("to")));
      if (pending.isPresent()) {
        releases.commit();
        releases.prune(Set.of(runningVersion, pending.get().getOrDefault("from", "")));
        log.atInfo().addKeyValue("version", runningVersion).addKeyValue("from", pending.get().get("from")).log("update checked in; committed");
      }
      return releases.takeFailed().map(failed -> new AgentUpdateReport(failed.get("version"), runningVersion,
          failed.getOrDefault("reason", "rolled back"), epochSeconds(failed.get("at"))));
    } catch (IOException e) {
      log.atWarn().addKeyValue("releases", releases.root()).log("cannot read the update markers: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private static long epochSeconds(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    worker.close();
  }
}
