package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.activities.updates.AgentUpdates;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.HostRepository;
import dev.loopback.protocol.packages.PackageSignatures;
import dev.loopback.workflows.updates.AgentUpdateInput;
import dev.loopback.workflows.updates.AgentUpdateOutcome;
import dev.loopback.workflows.updates.AgentUpdateStatus;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The control plane's side of agent updates, with hosts that have no agent behind them: which
 * release is chosen, what is refused and why, one update at a time, and a host that is not
 * connected ends FAILED with its lifecycle given back. The agent's side runs in AgentSelfUpdateIT.
 */
@ApiTest
class AgentUpdateApiTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @Autowired Fleet fleet;
  @Autowired HostRepository hosts;
  @Autowired AgentUpdates updates;
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String channel = "au-" + suffix;
  private UUID workspace;
  private UUID organization;
  /** Agent versions are unique across the catalog, which the context's tests share: these are this test's own. */
  private int major;

  @BeforeEach
  void aChannelWithTwoAgentReleases() throws Exception {
    workspace = fleet.createWorkspace("updates-" + suffix);
    organization = UUID.fromString(fleet.get(fleet.ownerKey(), "/api/v1/me").path("organizationId").asText());
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/channels"), "{\"name\":\"" + channel + "\"}", 201);
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    String keyId = "au-" + suffix;
    fleet.call(fleet.ownerKey(), post("/api/v1/catalog/signing-keys"),
        "{\"id\":\"" + keyId + "\",\"publicKey\":\"" + PackageSignatures.publicKeyOf(key) + "\"}", 201);
    major = 100 + RANDOM.nextInt(100_000);
    publish(major + ".0.0", key, keyId);
    publish(major + ".1.0", key, keyId);
  }

  @Test
  void picksTheUpdateChecksAnswerAndAHostThatIsNotConnectedEndsFailedAndManagedAgain() throws Exception {
    UUID host = managedHost(major + ".0.0");

    JsonNode asked = fleet.call(fleet.ownerKey(), post(update(host)), "{\"channel\":\"" + channel + "\"}", 202);

    assertThat(asked.get("toVersion").asText()).isEqualTo(major + ".1.0");
    assertThat(asked.get("fromVersion").asText()).isEqualTo(major + ".0.0");
    assertThat(asked.get("checkInSeconds").asInt()).isEqualTo(120);
    assertThat(asked.get("status").asText()).isEqualTo("UPDATING");
    JsonNode done = awaitEnded(host);
    assertThat(done.get("status").asText()).isEqualTo("FAILED");
    assertThat(done.get("reason").asText()).isEqualTo("the host is not connected to the control plane");
    assertThat(hosts.findById(host).orElseThrow().lifecycle()).isEqualTo("MANAGED");
  }

  @Test
  void oneUpdateAtATimeAndTheOutcomeIsRecordedOnce() {
    UUID host = managedHost(major + ".0.0");
    Actor actor = new Actor("user:test", "r-1");
    AgentUpdateInput first = updates.begin(actor, workspace, host, new AgentUpdates.RequestUpdate(channel, null, 60));
    assertThat(hosts.findById(host).orElseThrow().lifecycle()).isEqualTo("UPDATING");

    assertThatThrownBy(() -> updates.begin(actor, workspace, host, new AgentUpdates.RequestUpdate(channel, null, 60)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("is UPDATING");

    updates.finish(new AgentUpdateOutcome(first.updateId(), host.toString(), AgentUpdateStatus.SUCCEEDED, major + ".1.0", "checked in"));
    updates.finish(new AgentUpdateOutcome(first.updateId(), host.toString(), AgentUpdateStatus.FAILED, null, "late duplicate"));
    AgentUpdates.AgentUpdateView latest = updates.latest(workspace, host);
    assertThat(latest.status()).isEqualTo("SUCCEEDED");
    assertThat(latest.runningVersion()).isEqualTo(major + ".1.0");
    assertThat(hosts.findById(host).orElseThrow().lifecycle()).isEqualTo("MANAGED");
  }

  @Test
  void refusesWhatCannotBeDoneNamingWhy() throws Exception {
    UUID current = managedHost(major + ".1.0");
    String c = "\"channel\":\"" + channel + "\"";

    assertThat(fleet.call(fleet.ownerKey(), post(update(current)), "{" + c + "}", 409).get("detail").asText())
        .contains("no update", "runs " + major + ".1.0");
    assertThat(fleet.call(fleet.ownerKey(), post(update(current)), "{" + c + ",\"version\":\"" + major + ".1.0\"}", 409)
        .get("detail").asText()).contains("already runs");
    assertThat(fleet.call(fleet.ownerKey(), post(update(current)), "{" + c + ",\"version\":\"" + major + ".9.0\"}", 409)
        .get("detail").asText()).contains("no published agent " + major + ".9.0");
    assertThat(fleet.call(fleet.ownerKey(), post(update(current)), "{" + c + ",\"version\":\"latest\"}", 400).toString()).contains("version");
    assertThat(fleet.call(fleet.ownerKey(), post(update(current)), "{\"channel\":\"nope-" + suffix + "\"}", 400).toString())
        .contains("channel");
    assertThat(fleet.call(fleet.ownerKey(), post(update(current)), "{" + c + ",\"checkInSeconds\":5000}", 400).toString())
        .contains("checkInSeconds");
    assertThat(fleet.call(fleet.ownerKey(), post(update(UUID.randomUUID())), "{" + c + "}", 404).get("detail").asText()).contains("host");
    fleet.call(fleet.ownerKey(), org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(update(current)), null, 404);

    UUID pending = UUID.randomUUID();
    hosts.insertEnrolled(pending, organization, workspace, "fresh-" + suffix, "PENDING", null, 1, major + ".0.0", facts(), Instant.now());
    assertThat(fleet.call(fleet.ownerKey(), post(update(pending)), "{" + c + "}", 409).get("detail").asText())
        .contains("only a MANAGED host can be updated");
    assertThat(hosts.findById(pending).orElseThrow().lifecycle()).isEqualTo("PENDING");
  }

  private UUID managedHost(String agentVersion) {
    UUID id = UUID.randomUUID();
    hosts.insertEnrolled(id, organization, workspace, "h-" + id.toString().substring(0, 8), "MANAGED", null, 1, agentVersion, facts(),
        Instant.now());
    return id;
  }

  private static String facts() {
    return "{\"hostname\":\"h\",\"architecture\":\"x86_64\"}";
  }

  private String update(UUID host) {
    return "/api/v1/workspaces/" + workspace + "/hosts/" + host + "/agent-update";
  }

  private JsonNode awaitEnded(UUID host) throws Exception {
    Instant until = Instant.now().plusSeconds(30);
    JsonNode update = fleet.get(fleet.ownerKey(), update(host));
    while ("UPDATING".equals(update.get("status").asText()) && Instant.now().isBefore(until)) {
      Thread.sleep(100);
      update = fleet.get(fleet.ownerKey(), update(host));
    }
    return update;
  }

  private void publish(String version, byte[] key, String keyId) throws Exception {
    byte[] bytes = new byte[2048];
    RANDOM.nextBytes(bytes);
    fleet.publishRelease("agent", version, "\"channel\":\"" + channel + "\",\"eligibility\":\"any\"", "tar.gz", bytes, keyId, key);
  }
}
