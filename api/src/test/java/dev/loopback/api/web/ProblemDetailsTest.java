package dev.loopback.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Bad input gets a 4xx problem that says what was wrong, and never a 500. */
@ApiTest
class ProblemDetailsTest {

  @Autowired Fleet fleet;

  private String owner;
  private UUID workspace;

  @BeforeEach
  void setUp() throws Exception {
    owner = fleet.ownerKey();
    workspace = fleet.createWorkspace("problems-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void malformedJsonIs400SayingWhere() throws Exception {
    JsonNode problem = problem(post(tokens()), "{\"description\": ", 400);
    assertThat(problem.get("type").asText()).isEqualTo("/problems/malformed-json");
    assertThat(problem.get("detail").asText()).contains("line");
  }

  @Test
  void unknownFieldIs400NamingIt() throws Exception {
    JsonNode problem = problem(post(tokens()), "{\"descripton\":\"typo\"}", 400);
    assertThat(problem.at("/errors/0/field").asText()).isEqualTo("descripton");
  }

  @Test
  void wrongEnumValueIs400NamingTheFieldAndTheAcceptedValues() throws Exception {
    JsonNode lifetime = problem(post(tokens()), "{\"lifetime\":\"forever\"}", 400);
    assertThat(lifetime.at("/errors/0/field").asText()).isEqualTo("lifetime");
    assertThat(lifetime.at("/errors/0/message").asText()).contains("short-lived", "long-lived");

    UUID user = fleet.createUser("enum-" + UUID.randomUUID().toString().substring(0, 8));
    JsonNode role = problem(put("/api/v1/workspaces/" + workspace + "/members/" + user), "{\"role\":\"superuser\"}", 400);
    assertThat(role.at("/errors/0/field").asText()).isEqualTo("role");
    assertThat(role.at("/errors/0/message").asText()).contains("viewer", "owner");
  }

  @Test
  void wrongTypeIs400NamingTheField() throws Exception {
    JsonNode problem = problem(post(tokens()), "{\"maxUses\":\"lots\"}", 400);
    assertThat(problem.at("/errors/0/field").asText()).isEqualTo("maxUses");
    JsonNode ttl = problem(post(tokens()), "{\"ttl\":\"two hours\"}", 400);
    assertThat(ttl.at("/errors/0/field").asText()).isEqualTo("ttl");
  }

  @Test
  void missingRequiredFieldIs400NamingIt() throws Exception {
    JsonNode problem = problem(post("/api/v1/workspaces"), "{}", 400);
    assertThat(problem.at("/errors/0/field").asText()).isEqualTo("name");
  }

  @Test
  void domainRefusalsNameTheField() throws Exception {
    assertThat(problem(post(tokens()), "{\"maxUses\":0}", 400).at("/errors/0/field").asText()).isEqualTo("maxUses");
    assertThat(problem(post("/api/v1/workspaces"), "{\"name\":\"Not A Slug!\"}", 400).at("/errors/0/field").asText()).isEqualTo("name");
    assertThat(problem(post(tokens()), "{\"description\":\"" + "x".repeat(201) + "\"}", 400).at("/errors/0/field").asText())
        .isEqualTo("description");
  }

  @Test
  void badIdsInThePathAre400NamingTheParameter() throws Exception {
    assertThat(problem(get(tokens() + "/not-a-uuid"), null, 400).at("/errors/0/field").asText()).isEqualTo("tokenId");
    assertThat(problem(get("/api/v1/workspaces/not-a-uuid/agent-tokens"), null, 400).at("/errors/0/field").asText())
        .isEqualTo("workspaceId");
  }

  @Test
  void oversizeBodyIs413() throws Exception {
    JsonNode problem = problem(post(tokens()), "{\"description\":\"" + "x".repeat(70_000) + "\"}", 413);
    assertThat(problem.get("type").asText()).isEqualTo("/problems/payload-too-large");
  }

  @Test
  void missingOrBadKeyIs401WithAChallenge() throws Exception {
    MvcResult missing = fleet.send(null, get("/api/v1/me"), null);
    assertThat(missing.getResponse().getStatus()).isEqualTo(401);
    assertThat(missing.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(fleet.read(fleet.send("lbk_AAAAAAAAAAAA_" + "A".repeat(43), get("/api/v1/me"), null)).get("detail").asText())
        .isEqualTo("unknown API key");
    assertThat(fleet.send("not-a-key", get("/api/v1/me"), null).getResponse().getStatus()).isEqualTo(401);
  }

  @Test
  void revokedAndExpiredKeysAreRefusedWithTheReason() throws Exception {
    UUID user = fleet.createUser("keys-" + UUID.randomUUID().toString().substring(0, 8));
    JsonNode created = fleet.call(owner, post("/api/v1/users/" + user + "/api-keys"), "{}", 201);
    String key = created.get("secret").asText();
    assertThat(fleet.send(key, get("/api/v1/me"), null).getResponse().getStatus()).isEqualTo(200);

    fleet.call(owner, post("/api/v1/users/" + user + "/api-keys/" + created.at("/key/id").asText() + "/revoke"), null, 200);

    assertThat(fleet.read(fleet.send(key, get("/api/v1/me"), null)).get("detail").asText()).contains("revoked");
    assertThat(problem(post("/api/v1/users/" + user + "/api-keys"), "{\"expiresIn\":\"-P1D\"}", 400).at("/errors/0/field").asText())
        .isEqualTo("expiresIn");
  }

  @Test
  void unknownRouteAndWrongMethodAreProblemsToo() throws Exception {
    assertThat(problem(get("/api/v1/nothing-here"), null, 404).get("status").asInt()).isEqualTo(404);
    assertThat(problem(delete("/api/v1/me"), null, 405).get("status").asInt()).isEqualTo(405);
  }

  @Test
  void duplicateNameIs409() throws Exception {
    String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
    fleet.call(owner, post("/api/v1/workspaces"), "{\"name\":\"" + name + "\"}", 201);
    assertThat(problem(post("/api/v1/workspaces"), "{\"name\":\"" + name + "\"}", 409).get("detail").asText()).contains(name);
  }

  @Test
  void everyProblemCarriesTheRequestIdThatWasSent() throws Exception {
    MvcResult result = fleet.send(owner, post(tokens()).header("X-Request-Id", "trace-42"), "{\"maxUses\":0}");
    assertThat(result.getResponse().getHeader("X-Request-Id")).isEqualTo("trace-42");
    assertThat(fleet.read(result).get("requestId").asText()).isEqualTo("trace-42");
  }

  private String tokens() {
    return "/api/v1/workspaces/" + workspace + "/agent-tokens";
  }

  private JsonNode problem(MockHttpServletRequestBuilder request, String body, int status) throws Exception {
    MvcResult result = fleet.send(owner, request, body);
    assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
    assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
    return fleet.read(result);
  }
}
