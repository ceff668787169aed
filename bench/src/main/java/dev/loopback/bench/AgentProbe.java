package dev.loopback.bench;

import dev.loopback.agent.channel.AgentListener;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.messages.Refusal;

/**
 * One agent's listener. Runs on that agent's event loop only, so its own fields need no
 * synchronisation; it reports into the shared {@link FleetCounters}.
 */
final class AgentProbe implements AgentListener {
  private final FleetCounters fleet;
  private boolean open;
  private boolean everOpen;

  AgentProbe(FleetCounters fleet) {
    this.fleet = fleet;
  }

  @Override
  public void enrolled(String hostId) {
    fleet.enrolled.incrementAndGet();
    fleet.lastEnrolledNanos.set(System.nanoTime());
  }

  @Override
  public void sessionOpened(AgentHelloResponse hello) {
    open = true;
    fleet.opened();
    fleet.heartbeatIntervalMillis.set(hello.heartbeatIntervalMillis());
    fleet.heartbeatJitterMillis.set(hello.heartbeatJitterMillis());
    if (!everOpen) {
      everOpen = true;
      if (fleet.everOpen.incrementAndGet() == fleet.target) {
        fleet.allOpenNanos.set(System.nanoTime());
      }
    } else if (fleet.steady()) {
      fleet.regained.record(System.nanoTime());
    }
  }

  @Override
  public void sessionClosed(String reason) {
    if (open) {
      open = false;
      fleet.open.decrementAndGet();
      fleet.sessionsLost.increment();
      fleet.closed(reason);
      if (fleet.steady()) {
        fleet.lost.record(System.nanoTime());
      }
    } else if (reason != null && !reason.startsWith("enrolled")) {
      fleet.closed(reason);
    }
  }

  @Override
  public void refused(Refusal refusal) {
    fleet.refused(String.valueOf(refusal.code()));
  }

  @Override
  public void connectFailed(String reason) {
    fleet.connectFailures.increment();
    if (fleet.steady()) {
      fleet.failedAttempts.record(System.nanoTime());
    }
  }

  @Override
  public void reconnectScheduled(int attempt, long delayMillis) {
    fleet.reconnectsScheduled.increment();
  }
}
