package dev.loopback.bench;

import dev.loopback.agent.host.HostSide;
import dev.loopback.protocol.messages.HostFacts;
import dev.loopback.protocol.messages.ModuleState;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A host that exists only inside the simulator: fixed facts, no modules, uptime counted from its
 * creation. The agent asks for the modules once per heartbeat and at no other time, so counting
 * those calls counts the heartbeats the fleet really sent.
 */
final class SimulatedHost implements HostSide {
  static final String VERSION = "0.1.0-sim";
  private final HostFacts facts;
  private final LongAdder heartbeats;
  private final long startedNanos = System.nanoTime();

  SimulatedHost(int index, String sourceAddress, LongAdder heartbeats) {
    this.facts = new HostFacts("sim-" + index, "Loopback fleet simulator", System.getProperty("os.version", "unknown"),
        "x86_64", List.of(sourceAddress));
    this.heartbeats = heartbeats;
  }

  @Override
  public String agentVersion() {
    return VERSION;
  }

  @Override
  public long uptimeSeconds() {
    return (System.nanoTime() - startedNanos) / 1_000_000_000L;
  }

  @Override
  public HostFacts facts() {
    return facts;
  }

  @Override
  public List<ModuleState> modules() {
    heartbeats.increment();
    return List.of();
  }
}
