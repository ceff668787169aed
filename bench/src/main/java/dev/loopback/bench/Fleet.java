package dev.loopback.bench;

import dev.loopback.agent.Agent;
import dev.loopback.agent.AgentSettings;
import dev.loopback.agent.identity.InMemoryIdentityStore;
import dev.loopback.protocol.tls.ServerTrust;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated hosts: real {@link Agent}s, each with its own in-memory identity (its key pair is
 * made by the agent code at enrollment), all on one shared event loop group, dialling from
 * 127.0.0.2, 127.0.0.3, … in turn so that no source address runs out of ephemeral ports (about
 * 28,000 each with the default 32768–60999 range).
 */
final class Fleet {
  private final List<AgentSettings> templates;
  private final int sourceAddresses;
  private final EventLoopGroup group;
  private final FleetCounters counters;
  private final List<Agent> agents = new ArrayList<>();
  private final List<SimulatedMesh> meshes = new ArrayList<>();
  private MeshPeers meshPeers;
  private MeshCounters meshCounters;

  /** An enrolled agent's host id and its simulated mesh. */
  record MeshHost(String hostId, SimulatedMesh mesh) {
  }

  /** Agents take {@code tokens} in turn: more than one spreads enrollments over several token rows. */
  Fleet(String host, int port, List<String> tokens, String caSha256, int sourceAddresses, EventLoopGroup group,
      FleetCounters counters) {
    this.templates = tokens.stream().map(token -> new AgentSettings(host, port, token, ServerTrust.pinned(caSha256))).toList();
    this.sourceAddresses = sourceAddresses;
    this.group = group;
    this.counters = counters;
  }

  /** Gives every agent started from now on a {@link SimulatedMesh}: it reports a key and answers mesh applies. */
  void simulateMeshes(MeshPeers peers, MeshCounters counters) {
    this.meshPeers = peers;
    this.meshCounters = counters;
  }

  /**
   * Starts {@code count} agents, at most {@code perSecond} a second (0: no pacing) and with at most
   * {@code maxInFlight} started agents still without their first session, so that "as fast as
   * possible" measures the control plane's pace rather than piling up handshakes that time out.
   */
  void launch(int count, double perSecond, int maxInFlight) {
    long began = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (perSecond > 0) {
        long due = began + (long) (i * 1_000_000_000L / perSecond);
        LockSupport.parkNanos(due - System.nanoTime());
      }
      while (maxInFlight > 0 && counters.started.get() - counters.everOpen.get() - counters.terminated.get() >= maxInFlight) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      start(i);
    }
  }

  private void start(int index) {
    String source = "127.0.0." + (2 + index % sourceAddresses);
    AgentSettings settings = templates.get(index % templates.size()).withLocalAddress(new InetSocketAddress(source, 0));
    SimulatedMesh mesh = meshPeers == null ? null : new SimulatedMesh(meshPeers, meshCounters);
    Agent agent = new Agent(settings, new InMemoryIdentityStore(), new SimulatedHost(index, source, counters.heartbeats), mesh,
        group, new AgentProbe(counters));
    agent.terminated().thenAccept(why -> counters.terminated.incrementAndGet());
    synchronized (agents) {
      agents.add(agent);
      meshes.add(mesh);
    }
    counters.started.incrementAndGet();
    agent.start();
  }

  /** Host ids of the agents that have enrolled so far. */
  List<String> hostIds() {
    synchronized (agents) {
      return agents.stream().map(Agent::hostId).flatMap(Optional::stream).toList();
    }
  }

  /** Enrolled agents with a simulated mesh, in the order they were started. */
  List<MeshHost> meshHosts() {
    List<MeshHost> hosts = new ArrayList<>();
    synchronized (agents) {
      for (int i = 0; i < agents.size(); i++) {
        Optional<String> id = agents.get(i).hostId();
        if (id.isPresent() && meshes.get(i) != null) {
          hosts.add(new MeshHost(id.get(), meshes.get(i)));
        }
      }
    }
    return hosts;
  }

  /** Closes every agent's channel and waits up to {@code seconds} for them. */
  void close(int seconds) {
    List<CompletableFuture<Void>> closing;
    synchronized (agents) {
      closing = agents.stream().map(Agent::close).toList();
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.out.println("not every agent closed within " + seconds + "s: " + e);
    }
  }
}
