package dev.loopback.activities.catalog;

import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.db.catalog.CatalogRepository;
import dev.loopback.db.catalog.WorkspaceModuleRepository;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Notices, on every replica, what changes the modules hosts should run — a workspace's modules set
 * or removed on any replica, or a release published (a host following a channel runs its newest) —
 * and sends the hosts connected to this replica their list ({@link ModulePushes}, which sends only
 * lists that changed). Two cheap queries every {@link #EVERY}; hosts that connect later get their
 * list at their hello anyway.
 */
@Component
public class ModuleWatch implements SmartLifecycle {
  static final Duration EVERY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(ModuleWatch.class);
  private final WorkspaceModuleRepository assignments;
  private final CatalogRepository catalog;
  private final ModulePushes pushes;
  private ScheduledExecutorService poller;
  private long revision;
  private String stamp;

  public ModuleWatch(WorkspaceModuleRepository assignments, CatalogRepository catalog, ModulePushes pushes) {
    this.assignments = assignments;
    this.catalog = catalog;
    this.pushes = pushes;
  }

  /** Sends what changed since the last look; the first look only takes note of where things are. */
  synchronized void poll() {
    String published = catalog.publishedStamp();
    if (stamp == null) {
      revision = assignments.latestRevision();
      stamp = published;
      return;
    }
    Map<UUID, Long> changed = assignments.changedSince(revision);
    if (!published.equals(stamp)) {
      stamp = published;
      assignments.workspacesWithModules().forEach(workspace -> changed.putIfAbsent(workspace, revision));
    }
    for (Map.Entry<UUID, Long> workspace : changed.entrySet()) {
      int sent = pushes.pushWorkspace(workspace.getKey());
      revision = Math.max(revision, workspace.getValue());
      if (sent > 0) {
        log.atInfo().addKeyValue("workspaceId", workspace.getKey()).addKeyValue("hosts", sent).log("Sent hosts their new module list");
      }
    }
  }

  @Override
  public void start() {
    poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "module-watch");
      thread.setDaemon(true);
      return thread;
    });
    poller.scheduleWithFixedDelay(() -> {
      try {
        poll();
      } catch (RuntimeException e) {
        log.warn("Looking for module changes failed; trying again shortly: {}", e.getMessage());
      }
    }, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    poller.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return poller != null && !poller.isShutdown();
  }

  /** Runs while the gateway does: it sends over the gateway's channels. */
  @Override
  public int getPhase() {
    return AgentGateway.PHASE - 1;
  }
}
