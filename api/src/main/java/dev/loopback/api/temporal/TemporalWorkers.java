package dev.loopback.api.temporal;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.agents.rpc.AgentLocatorActivitiesImpl;
import dev.loopback.activities.agents.rpc.AgentRpcActivitiesImpl;
import dev.loopback.activities.hosts.bringup.HostBringUpActivitiesImpl;
import dev.loopback.activities.hosts.power.PowerActivitiesImpl;
import dev.loopback.activities.mesh.MeshActivitiesImpl;
import dev.loopback.activities.tokens.TokenHygieneActivitiesImpl;
import dev.loopback.workflows.agents.PingHostWorkflowImpl;
import dev.loopback.workflows.updates.AgentUpdateWorkflowImpl;
import dev.loopback.activities.updates.AgentUpdateActivitiesImpl;
import dev.loopback.workflows.hosts.HostBringUpWorkflowImpl;
import dev.loopback.workflows.mesh.NetworkApplyWorkflowImpl;
import dev.loopback.workflows.power.PowerActionWorkflowImpl;
import dev.loopback.workflows.TaskQueues;
import dev.loopback.workflows.tokens.TokenHygieneWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Registers every workflow and activity implementation, in one place, and runs the workers.
 *
 * <p>Stopping comes before any bean is destroyed (it is a lifecycle phase), so the database is
 * still there while in-flight activities finish; activities still running after the grace period
 * are handed back to Temporal, which retries them elsewhere or after the restart.
 */
@Component
class TemporalWorkers implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TemporalWorkers.class);
  private static final long GRACE_SECONDS = 20;

  private final WorkerFactory factory;
  private final TokenHygieneActivitiesImpl tokenHygieneActivities;
  private final AgentLocatorActivitiesImpl agentLocatorActivities;
  private final AgentRpcActivitiesImpl agentRpcActivities;
  private final HostBringUpActivitiesImpl bringUpActivities;
  private final PowerActivitiesImpl powerActivities;
  private final MeshActivitiesImpl meshActivities;
  private final AgentUpdateActivitiesImpl agentUpdateActivities;
  private final String agentRpcQueue;
  private volatile boolean running;

  TemporalWorkers(WorkerFactory factory, TokenHygieneActivitiesImpl tokenHygieneActivities,
      AgentLocatorActivitiesImpl agentLocatorActivities, AgentRpcActivitiesImpl agentRpcActivities,
      HostBringUpActivitiesImpl bringUpActivities, PowerActivitiesImpl powerActivities, MeshActivitiesImpl meshActivities,
      AgentUpdateActivitiesImpl agentUpdateActivities, AgentChannelSettings agents) {
    this.factory = factory;
    this.tokenHygieneActivities = tokenHygieneActivities;
    this.agentLocatorActivities = agentLocatorActivities;
    this.agentRpcActivities = agentRpcActivities;
    this.bringUpActivities = bringUpActivities;
    this.powerActivities = powerActivities;
    this.meshActivities = meshActivities;
    this.agentUpdateActivities = agentUpdateActivities;
    this.agentRpcQueue = TaskQueues.agentRpc(agents.replicaId());
  }

  @Override
  public void start() {
    Worker control = factory.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(TokenHygieneWorkflowImpl.class, PingHostWorkflowImpl.class,
        HostBringUpWorkflowImpl.class, PowerActionWorkflowImpl.class, NetworkApplyWorkflowImpl.class,
        AgentUpdateWorkflowImpl.class);
    control.registerActivitiesImplementations(tokenHygieneActivities, agentLocatorActivities, bringUpActivities,
        powerActivities, meshActivities, agentUpdateActivities);
    // Activities that need this replica's agent channels; only this replica polls this queue.
    Worker agentRpc = factory.newWorker(agentRpcQueue);
    agentRpc.registerActivitiesImplementations(agentRpcActivities);
    factory.start();
    running = true;
    log.info("Temporal workers polling task queues {} and {}", TaskQueues.CONTROL, agentRpcQueue);
  }

  @Override
  public void stop() {
    log.info("Stopping Temporal workers; in-flight activities have {}s to finish", GRACE_SECONDS);
    factory.shutdown();
    factory.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      log.warn("Activities still running after {}s are handed back to Temporal", GRACE_SECONDS);
      factory.shutdownNow();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
