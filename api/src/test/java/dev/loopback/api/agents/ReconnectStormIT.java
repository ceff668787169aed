package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.agent.Agent;
import dev.loopback.agent.AgentSettings;
import dev.loopback.agent.channel.AgentListener;
import dev.loopback.agent.channel.Backoff;
import dev.loopback.agent.host.LinuxHost;
import dev.loopback.agent.identity.InMemoryIdentityStore;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.tls.ServerTrust;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Many real agents in one JVM lose the control plane at once and must not come back at once:
 * full-jitter backoff spreads their reconnections.
 */
@ApiTest
class ReconnectStormIT {
  private static final int AGENTS = 120;
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(30));
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;

  @Test
  void agentsReconnectSpreadOverTimeAfterTheGatewayComesBack() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("storm-" + UUID.randomUUID().toString().substring(0, 8));
    String token = harness.mintToken(workspace, "{}");
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    AtomicReference<CountDownLatch> sessions = new AtomicReference<>(new CountDownLatch(AGENTS));
    ConcurrentLinkedQueue<Long> reconnectedAt = new ConcurrentLinkedQueue<>();
    AtomicReference<Boolean> restarted = new AtomicReference<>(false);
    AgentListener listener = new AgentListener() {
      @Override
      public void sessionOpened(AgentHelloResponse hello) {
        if (restarted.get()) {
          reconnectedAt.add(System.nanoTime());
        }
        sessions.get().countDown();
      }
    };
    List<Agent> agents = new ArrayList<>();
    try {
      for (int i = 0; i < AGENTS; i++) {
        AgentSettings settings = new AgentSettings("localhost", gateway.port(), token, ServerTrust.pinned(ca.fingerprint()))
            .withBackoff(BACKOFF).withLocalAddress(new InetSocketAddress("127.0.10." + (1 + i % 4), 0));
        Agent agent = new Agent(settings, new InMemoryIdentityStore(), new LinuxHost("storm"), loops, listener);
        agents.add(agent);
        agent.start();
      }
      assertThat(sessions.get().await(60, TimeUnit.SECONDS)).as("all agents joined").isTrue();

      sessions.set(new CountDownLatch(AGENTS));
      gateway.stop();
      Thread.sleep(2000);
      restarted.set(true);
      long backAt = System.nanoTime();
      gateway.start();
      assertThat(sessions.get().await(30, TimeUnit.SECONDS)).as("all agents came back by themselves").isTrue();

      Map<Long, Integer> perTenthOfASecond = new TreeMap<>();
      reconnectedAt.forEach(at -> perTenthOfASecond.merge((at - backAt) / 100_000_000L, 1, Integer::sum));
      long spreadMillis = (reconnectedAt.stream().mapToLong(Long::longValue).max().orElseThrow()
          - reconnectedAt.stream().mapToLong(Long::longValue).min().orElseThrow()) / 1_000_000;
      int busiest = perTenthOfASecond.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertThat(spreadMillis).as("reconnections spread over time, not a burst").isGreaterThan(1000);
      assertThat(busiest).as("no 100 ms window takes more than a quarter of the fleet: %s", perTenthOfASecond)
          .isLessThan(AGENTS / 4);
    } finally {
      for (Agent agent : agents) {
        agent.close();
      }
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
