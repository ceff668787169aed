package dev.loopback.api.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.tokens.AgentTokens;
import dev.loopback.activities.tokens.TokenRefusal;
import dev.loopback.activities.tokens.TokenValidation;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApiTest
class AgentTokenLifecycleTest {

  private static final Actor AGENT = new Actor("agent-channel:test", "test");

  @Autowired Fleet fleet;
  @Autowired AgentTokens tokens;
  @Autowired JdbcClient jdbc;

  private UUID workspace;
  private String operator;

  @BeforeEach
  void workspaceWithAnOperator() throws Exception {
    workspace = fleet.createWorkspace("tokens-" + UUID.randomUUID().toString().substring(0, 8));
    operator = fleet.keyWithRole(workspace, "operator");
  }

  @Test
  void mintedSecretIsShownOnceAndOnlyItsHashIsStored() throws Exception {
    JsonNode minted = mint("{\"description\":\"rack 7\",\"lifetime\":\"long-lived\",\"ttl\":\"P30D\",\"maxUses\":2}");
    String secret = minted.get("secret").asText();
    UUID id = UUID.fromString(minted.at("/token/id").asText());

    assertThat(secret).matches("lbt_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}");
    assertThat(minted.at("/token/state").asText()).isEqualTo("active");
    assertThat(minted.at("/token/lifetime").asText()).isEqualTo("long-lived");
    assertThat(minted.at("/token/maxUses").asInt()).isEqualTo(2);

    String listed = fleet.get(operator, "/api/v1/workspaces/" + workspace + "/agent-tokens").toString();
    assertThat(listed).contains(id.toString()).doesNotContain(secret).doesNotContain(secret.substring(17));
    String row = jdbc.sql("SELECT t::text FROM agent_tokens t WHERE id = ?").param(id).query(String.class).single();
    assertThat(row).doesNotContain(secret.substring(17));
  }

  @Test
  void presentedTokenResolvesToItsWorkspaceUntilItsUsesRunOut() throws Exception {
    String secret = mint("{\"maxUses\":2}").get("secret").asText();

    assertThat(tokens.redeem(secret, AGENT)).isInstanceOfSatisfying(TokenValidation.Accepted.class,
        accepted -> assertThat(accepted.workspaceId()).isEqualTo(workspace));
    assertThat(tokens.redeem(secret, AGENT)).isInstanceOf(TokenValidation.Accepted.class);
    assertThat(tokens.redeem(secret, AGENT)).isEqualTo(new TokenValidation.Refused(TokenRefusal.EXHAUSTED));
  }

  @Test
  void concurrentJoinsNeverUseATokenMoreOftenThanItAllows() throws Exception {
    String secret = mint("{\"maxUses\":5}").get("secret").asText();
    var pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<TokenValidation>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        results.add(pool.submit((Callable<TokenValidation>) () -> tokens.redeem(secret, AGENT)));
      }
      long accepted = 0;
      for (Future<TokenValidation> result : results) {
        accepted += result.get() instanceof TokenValidation.Accepted ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void revokedTokenIsRefusedAsRevokedAndRevokingAgainChangesNothing() throws Exception {
    JsonNode minted = mint("{}");
    String path = "/api/v1/workspaces/" + workspace + "/agent-tokens/" + minted.at("/token/id").asText() + "/revoke";

    JsonNode revoked = fleet.call(operator, post(path), null, 200);
    JsonNode again = fleet.call(operator, post(path), null, 200);

    assertThat(revoked.get("state").asText()).isEqualTo("revoked");
    assertThat(again.get("revokedAt")).isEqualTo(revoked.get("revokedAt"));
    assertThat(tokens.redeem(minted.get("secret").asText(), AGENT)).isEqualTo(new TokenValidation.Refused(TokenRefusal.REVOKED));
    assertThat(auditActions()).containsOnlyOnce("token.revoke");
  }

  @Test
  void expiredTokenIsRefusedAsExpired() throws Exception {
    JsonNode minted = mint("{\"ttl\":\"PT10M\"}");
    // Time passes: move the expiry into the past rather than waiting on the wall clock.
    jdbc.sql("UPDATE agent_tokens SET expires_at = now() - interval '1 second' WHERE id = ?")
        .param(UUID.fromString(minted.at("/token/id").asText())).update();

    assertThat(tokens.redeem(minted.get("secret").asText(), AGENT)).isEqualTo(new TokenValidation.Refused(TokenRefusal.EXPIRED));
    assertThat(fleet.get(operator, "/api/v1/workspaces/" + workspace + "/agent-tokens/" + minted.at("/token/id").asText())
        .get("state").asText()).isEqualTo("expired");
  }

  @Test
  void unknownMalformedOrForgedTokensAreRefusedAsUnknown() throws Exception {
    String secret = mint("{}").get("secret").asText();
    String forged = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

    for (String presented : new String[] {forged, "lbt_nope", "", "lbk_" + secret.substring(4), null}) {
      assertThat(tokens.redeem(presented, AGENT)).as(String.valueOf(presented))
          .isEqualTo(new TokenValidation.Refused(TokenRefusal.UNKNOWN));
    }
  }

  @Test
  void mintAndRevokeAreAuditedWithWhoAndRequestId() throws Exception {
    JsonNode minted = mint("{}");
    fleet.send(operator, post("/api/v1/workspaces/" + workspace + "/agent-tokens/" + minted.at("/token/id").asText() + "/revoke")
        .header("X-Request-Id", "req-revoke-1"), null);

    var revoke = jdbc.sql("SELECT actor, request_id, outcome, target FROM audit_events WHERE workspace_id = ? AND action = 'token.revoke'")
        .param(workspace).query().singleRow();
    assertThat(revoke.get("actor").toString()).startsWith("user:");
    assertThat(revoke.get("request_id")).isEqualTo("req-revoke-1");
    assertThat(revoke.get("outcome")).isEqualTo("SUCCESS");
    assertThat(revoke.get("target")).isEqualTo("agent-token:" + minted.at("/token/id").asText());
    assertThat(auditActions()).contains("token.mint", "token.revoke");
  }

  @Test
  void ttlBeyondTheLifetimesMaximumIsRefusedNamingTheField() throws Exception {
    var result = fleet.send(operator, post("/api/v1/workspaces/" + workspace + "/agent-tokens"), "{\"lifetime\":\"short-lived\",\"ttl\":\"P2D\"}");
    assertThat(result.getResponse().getStatus()).isEqualTo(400);
    assertThat(fleet.read(result).at("/errors/0/field").asText()).isEqualTo("ttl");
  }

  private JsonNode mint(String body) throws Exception {
    return fleet.call(operator, post("/api/v1/workspaces/" + workspace + "/agent-tokens"), body, 201);
  }

  private List<String> auditActions() {
    return jdbc.sql("SELECT action FROM audit_events WHERE workspace_id = ? ORDER BY seq").param(workspace).query(String.class).list();
  }
}
