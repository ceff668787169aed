package dev.loopback.agent.channel;

import dev.loopback.agent.host.HostSide;
import dev.loopback.protocol.messages.HeartbeatEvent;
import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.ModuleState;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's heartbeats: when the next one is due, and what goes in it. Facts and module states
 * go in the first heartbeat of the session and afterwards only when they changed; null tells the
 * control plane "unchanged", which keeps a fleet's steady-state heartbeats a few dozen bytes.
 */
final class Heartbeats {
  static final long DEFAULT_INTERVAL_MILLIS = 30_000;
  private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
  private final long intervalMillis;
  private final long jitterMillis;
  private boolean sent;
  private HostFacts lastFacts;
  private List<ModuleState> lastModules;

  /** The control plane's settings; a missing interval falls back to 30 s, and jitter is capped at half the interval. */
  long intervalMillis() {
    return intervalMillis;
  }

  Heartbeats(long intervalMillis, long jitterMillis) {
    this.intervalMillis = intervalMillis > 0 ? intervalMillis : DEFAULT_INTERVAL_MILLIS;
    // More jitter than half the interval could bunch two beats together; the control plane's
    // three-interval silence limit holds either way.
    this.jitterMillis = Math.max(0, Math.min(jitterMillis, this.intervalMillis / 2));
  }

  /** The interval plus a uniform draw from [-jitter, +jitter]: agents that connected together drift apart. */
  long nextDelayMillis(RandomGenerator random) {
    return jitterMillis == 0 ? intervalMillis : intervalMillis + random.nextLong(-jitterMillis, jitterMillis + 1);
  }

  HeartbeatEvent next(HostSide host, String hostId) {
    HostFacts facts = lastFacts;
    List<ModuleState> modules = lastModules;
    try {
      facts = host.facts();
      modules = host.modules();
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("host", hostId).addKeyValue("reason", Causes.describe(e))
          .log("cannot read the host's facts; the heartbeat goes without them");
    }
    boolean first = !sent;
    HostFacts changedFacts = first || !Objects.equals(facts, lastFacts) ? facts : null;
    List<ModuleState> changedModules = first || !Objects.equals(modules, lastModules) ? modules : null;
    sent = true;
    lastFacts = facts;
    lastModules = modules;
    return new HeartbeatEvent(host.agentVersion(), host.uptimeSeconds(), changedFacts, changedModules);
  }
}
