package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.HostRepository;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The state the API shows, derived from enrollment, the session registry, last-seen and lifecycle. */
@ApiTest
class HostStateReportingTest {

  @Autowired Fleet fleet;
  @Autowired HostRepository hostRepository;
  @Autowired AgentSessionRepository sessions;
  @Autowired AgentChannelSettings channel;
  @Autowired JdbcClient jdbc;

  private SeededHosts seed;
  private UUID workspace;
  private String viewer;

  @BeforeEach
  void workspaceWithAViewer() throws Exception {
    seed = new SeededHosts(hostRepository, sessions, jdbc);
    workspace = fleet.createWorkspace("states-" + UUID.randomUUID().toString().substring(0, 8));
    viewer = fleet.keyWithRole(workspace, "viewer");
  }

  @Test
  void preRegisteredHostThatNeverEnrolledIsPending() throws Exception {
    UUID host = seed.preRegistered(workspace, "waiting", SeededHosts.now());
    JsonNode shown = get(host);
    assertThat(shown.get("state").asText()).isEqualTo("PENDING");
    assertThat(shown.get("enrolledAt").isNull()).isTrue();
    assertThat(shown.get("facts").isNull()).isTrue();
  }

  @Test
  void checkedInHostStillInBringUpIsConnectedAndShowsItsSession() throws Exception {
    UUID host = seed.enrolled(workspace, "web-1", SeededHosts.now());
    seed.connected(host);

    JsonNode shown = get(host);
    assertThat(shown.get("state").asText()).isEqualTo("CONNECTED");
    assertThat(shown.get("lifecycle").asText()).isEqualTo("PENDING");
    assertThat(shown.at("/session/replicaId").asText()).isEqualTo("replica-a");
    assertThat(shown.at("/session/remoteAddress").asText()).isEqualTo("192.0.2.7:51234");
    assertThat(shown.at("/session/connectedAt").isTextual()).isTrue();
    assertThat(shown.get("agentVersion").asText()).isEqualTo("1.0.0");
    assertThat(shown.get("protocolVersion").asInt()).isEqualTo(1);
  }

  @Test
  void connectedHostPastBringUpShowsItsLifecycle() throws Exception {
    UUID host = seed.enrolled(workspace, "web-1", SeededHosts.now());
    seed.connected(host);
    for (String lifecycle : new String[] {"MANAGED", "UPDATING", "DEGRADED", "FAILED"}) {
      seed.lifecycle(host, lifecycle);
      assertThat(get(host).get("state").asText()).isEqualTo(lifecycle);
    }
  }

  @Test
  void managedHostWithoutASessionIsDisconnected() throws Exception {
    UUID host = seed.enrolled(workspace, "web-1", SeededHosts.now());
    seed.lifecycle(host, "MANAGED").seenAt(host, SeededHosts.now());

    JsonNode shown = get(host);
    assertThat(shown.get("state").asText()).isEqualTo("DISCONNECTED");
    assertThat(shown.get("lifecycle").asText()).isEqualTo("MANAGED");
    assertThat(shown.get("session").isNull()).isTrue();
  }

  @Test
  void hostSilentForLongerThanStaleAfterIsDisconnectedEvenThoughItsReplicaNeverClosedTheSession() throws Exception {
    UUID host = seed.enrolled(workspace, "web-1", SeededHosts.now());
    seed.connected(host).lifecycle(host, "MANAGED");
    assertThat(get(host).get("state").asText()).isEqualTo("MANAGED");

    // The replica crashed: the session row stays, heartbeats stop.
    Instant silentSince = SeededHosts.now().minus(channel.staleAfter()).minusSeconds(1);
    seed.seenAt(host, silentSince);

    JsonNode shown = get(host);
    assertThat(shown.get("state").asText()).isEqualTo("DISCONNECTED");
    assertThat(shown.at("/session/replicaId").asText()).isEqualTo("replica-a");
    assertThat(HostListTest.ids(fleet.get(viewer, path() + "?state=DISCONNECTED"))).containsExactly(host);
    assertThat(HostListTest.ids(fleet.get(viewer, path() + "?state=MANAGED"))).isEmpty();
  }

  @Test
  void revokedHostIsRevokedWhateverElseIsTrue() throws Exception {
    UUID host = seed.enrolled(workspace, "web-1", SeededHosts.now());
    seed.connected(host).lifecycle(host, "MANAGED").revoked(host);

    JsonNode shown = get(host);
    assertThat(shown.get("state").asText()).isEqualTo("REVOKED");
    assertThat(shown.get("revokedAt").isTextual()).isTrue();
    assertThat(shown.get("revokedBy").asText()).isEqualTo("user:seed");
  }

  private JsonNode get(UUID host) throws Exception {
    return fleet.get(viewer, path() + "/" + host);
  }

  private String path() {
    return "/api/v1/workspaces/" + workspace + "/hosts";
  }
}
