package dev.loopback.api.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.loopback.activities.tokens.TokenHygieneActivitiesImpl;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.workflows.tokens.TokenHygieneInput;
import dev.loopback.workflows.tokens.TokenHygieneResult;
import dev.loopback.workflows.tokens.TokenHygieneWorkflow;
import dev.loopback.workflows.tokens.TokenHygieneWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The real workflow driving the real activities against PostgreSQL, on Temporal's test server. */
@ApiTest
class TokenHygieneIntegrationTest {

  private static final String QUEUE = "token-hygiene-test";

  @Autowired Fleet fleet;
  @Autowired JdbcClient jdbc;
  @Autowired TokenHygieneActivitiesImpl activities;

  private TestWorkflowEnvironment temporal;

  @BeforeEach
  void startTemporal() {
    // Real time, not skipped: the sweep's asOf must agree with the database's now().
    temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    var worker = temporal.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(TokenHygieneWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    temporal.start();
  }

  @AfterEach
  void stopTemporal() {
    temporal.close();
  }

  @Test
  void expiresTokensPastTheirTtlAndFlagsOldLongLivedOnesExactlyOnce() throws Exception {
    UUID workspace = fleet.createWorkspace("hygiene-" + UUID.randomUUID().toString().substring(0, 8));
    jdbc.sql("UPDATE workspaces SET token_rotation_days = 30 WHERE id = ?").param(workspace).update();
    UUID expiring = mint(workspace, "{\"lifetime\":\"short-lived\"}");
    UUID oldLongLived = mint(workspace, "{\"lifetime\":\"long-lived\",\"ttl\":\"P300D\"}");
    UUID youngLongLived = mint(workspace, "{\"lifetime\":\"long-lived\",\"ttl\":\"P300D\"}");
    UUID alreadyRevoked = mint(workspace, "{\"lifetime\":\"short-lived\"}");
    fleet.call(fleet.ownerKey(), post("/api/v1/workspaces/" + workspace + "/agent-tokens/" + alreadyRevoked + "/revoke"), null, 200);
    // Time has passed: move the data, not the clock.
    jdbc.sql("UPDATE agent_tokens SET expires_at = now() - interval '1 minute' WHERE id IN (?, ?)").params(expiring, alreadyRevoked).update();
    jdbc.sql("UPDATE agent_tokens SET created_at = now() - interval '31 days' WHERE id = ?").param(oldLongLived).update();

    TokenHygieneResult first = sweep();
    sweep();

    // Counts are database-wide (other tests' tokens expire too), so per-token checks carry the proof.
    assertThat(first.expired()).isGreaterThanOrEqualTo(1);
    assertThat(first.flaggedForRotation()).isGreaterThanOrEqualTo(1);
    assertThat(first.complete()).isTrue();
    assertThat(state(expiring)).isEqualTo("expired");
    assertThat(rotationDue(oldLongLived)).isTrue();
    assertThat(rotationDue(youngLongLived)).isFalse();
    assertThat(jdbc.sql("SELECT expired_at IS NULL FROM agent_tokens WHERE id = ?").param(alreadyRevoked).query(Boolean.class).single()).isTrue();
    assertThat(auditedActions(expiring)).containsExactly("token.mint", "token.expire");
    assertThat(auditedActions(oldLongLived)).containsExactly("token.mint", "token.rotation-due");
    assertThat(jdbc.sql("SELECT actor FROM audit_events WHERE target = ? AND action = 'token.expire'")
        .param("agent-token:" + expiring).query(String.class).single()).isEqualTo("system:token-hygiene");
  }

  @Test
  void sweepsManyTokensInSeveralSmallBatches() throws Exception {
    UUID workspace = fleet.createWorkspace("hygiene-" + UUID.randomUUID().toString().substring(0, 8));
    for (int i = 0; i < 7; i++) {
      mint(workspace, "{}");
    }
    jdbc.sql("UPDATE agent_tokens SET expires_at = now() - interval '1 minute' WHERE workspace_id = ?").param(workspace).update();

    TokenHygieneResult result = temporal.getWorkflowClient()
        .newWorkflowStub(TokenHygieneWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build())
        .sweep(new TokenHygieneInput(2));

    assertThat(result.expired()).isGreaterThanOrEqualTo(7);
    assertThat(jdbc.sql("SELECT count(*) FROM agent_tokens WHERE workspace_id = ? AND expired_at IS NULL").param(workspace)
        .query(Long.class).single()).isZero();
  }

  private TokenHygieneResult sweep() {
    return temporal.getWorkflowClient()
        .newWorkflowStub(TokenHygieneWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build())
        .sweep(new TokenHygieneInput(TokenHygieneInput.DEFAULT_BATCH_SIZE));
  }

  private UUID mint(UUID workspace, String body) throws Exception {
    return UUID.fromString(fleet.call(fleet.ownerKey(), post("/api/v1/workspaces/" + workspace + "/agent-tokens"), body, 201)
        .at("/token/id").asText());
  }

  private String state(UUID token) throws Exception {
    return jdbc.sql("SELECT CASE WHEN expired_at IS NOT NULL THEN 'expired' ELSE 'open' END FROM agent_tokens WHERE id = ?")
        .param(token).query(String.class).single();
  }

  private boolean rotationDue(UUID token) {
    return jdbc.sql("SELECT rotation_due_at IS NOT NULL FROM agent_tokens WHERE id = ?").param(token).query(Boolean.class).single();
  }

  private List<String> auditedActions(UUID token) {
    return jdbc.sql("SELECT action FROM audit_events WHERE target = ? ORDER BY seq").param("agent-token:" + token).query(String.class).list();
  }
}
