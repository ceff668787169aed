package dev.loopback.api.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.gateway.AgentGateway;
import dev.loopback.activities.agents.identity.AgentCertificateAuthority;
import dev.loopback.agent.Agent;
import dev.loopback.agent.AgentSettings;
import dev.loopback.agent.channel.AgentListener;
import dev.loopback.agent.channel.Backoff;
import dev.loopback.agent.host.LinuxHost;
import dev.loopback.agent.identity.Identity;
import dev.loopback.agent.identity.InMemoryIdentityStore;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.HostCertificateRepository;
import dev.loopback.protocol.messages.AgentHelloResponse;
import dev.loopback.protocol.tls.ServerTrust;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** The real agent code against the real gateway: join, answer, survive a gateway restart, renew. */
@ApiTest
class RealAgentIT {
  private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
  @Autowired Fleet fleet;
  @Autowired AgentGateway gateway;
  @Autowired AgentCertificateAuthority ca;
  @Autowired HostCertificateRepository certificates;
  @Autowired JdbcClient jdbc;

  @AfterAll
  static void stopLoop() {
    LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void joinsAnswersPingsAndComesBackByItselfAfterTheGatewayRestarts() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("real-" + UUID.randomUUID().toString().substring(0, 8));
    String token = harness.mintToken(workspace, "{}");
    Events events = new Events();
    InMemoryIdentityStore identities = new InMemoryIdentityStore();
    Agent agent = new Agent(new AgentSettings("localhost", gateway.port(), token, ServerTrust.pinned(ca.fingerprint()))
        .withBackoff(QUICK), identities, new LinuxHost("9.9.9-test"), LOOP, events);
    agent.start();
    try {
      assertThat(events.opened.poll(20, TimeUnit.SECONDS)).as("first session").isNotNull();
      String hostId = agent.hostId().orElseThrow();
      String path = "/api/v1/workspaces/" + workspace + "/hosts/" + hostId;
      assertThat(fleet.get(fleet.ownerKey(), path).get("state").asText()).isEqualTo("MANAGED");
      JsonNode pong = fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(path + "/ping"), null, 200);
      assertThat(pong.get("agentVersion").asText()).isEqualTo("9.9.9-test");

      gateway.stop();
      assertThat(events.closed.poll(10, TimeUnit.SECONDS)).as("session closed by the restart").isNotNull();
      gateway.start();

      AgentHelloResponse again = events.opened.poll(20, TimeUnit.SECONDS);
      assertThat(again).as("reconnected by itself").isNotNull();
      assertThat(again.hostId()).isEqualTo(hostId);
      assertThat(jdbc.sql("SELECT uses FROM agent_tokens WHERE lookup = ?").param(token.split("_")[1]).query(Integer.class).single())
          .as("the token is used once, for the first join only").isEqualTo(1);
      assertThat(fleet.call(fleet.ownerKey(), MockMvcRequestBuilders.post(path + "/ping"), null, 200).get("hostId").asText())
          .isEqualTo(hostId);
    } finally {
      agent.close().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void renewsItsCertificateOverTheChannelBeforeItExpires() throws Exception {
    AgentHarness harness = new AgentHarness(fleet, gateway, ca);
    UUID workspace = fleet.createWorkspace("renew-" + UUID.randomUUID().toString().substring(0, 8));
    AgentHarness.Enrolled host = harness.enroll(harness.mintToken(workspace, "{}"), "127.0.8.1");
    // A certificate for the same host and key that is already two thirds through its life.
    KeyPair keys = host.keys();
    var shortLived = ca.issueClient(host.hostId(), keys.getPublic(), Duration.ofSeconds(20));
    certificates.record(shortLived.serial(), host.hostId(), shortLived.issuedAt(), shortLived.notAfter(), "renewal");
    InMemoryIdentityStore identities = new InMemoryIdentityStore(
        new Identity(host.hostId().toString(), keys.getPrivate(), shortLived.certificate(), ca.certificate()));
    Events events = new Events();
    Agent agent = new Agent(new AgentSettings("localhost", gateway.port(), null, null).withBackoff(QUICK), identities,
        new LinuxHost("9.9.9-test"), LOOP, events);
    agent.start();
    try {
      assertThat(events.renewed.poll(30, TimeUnit.SECONDS)).as("renewed").isAfter(Instant.now().plus(Duration.ofDays(6)));
      Identity renewed = identities.load().orElseThrow();
      assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(shortLived.certificate().getSerialNumber());
      assertThat(renewed.certificate().getSubjectX500Principal().getName()).contains("CN=" + host.hostId());
      assertThat(Identity.certifies(renewed.certificate(), keys.getPublic())).as("a fresh key").isFalse();
    } finally {
      agent.close().get(5, TimeUnit.SECONDS);
    }
  }

  /** Records what the agent reports, for the test thread to wait on. */
  static final class Events implements AgentListener {
    final BlockingQueue<AgentHelloResponse> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<String> closed = new LinkedBlockingQueue<>();
    final BlockingQueue<Instant> renewed = new LinkedBlockingQueue<>();

    @Override
    public void sessionOpened(AgentHelloResponse hello) {
      opened.add(hello);
    }

    @Override
    public void sessionClosed(String reason) {
      closed.add(reason);
    }

    @Override
    public void certificateRenewed(Instant notAfter) {
      renewed.add(notAfter);
    }
  }
}
