package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.HostRepository;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApiTest
class HostLabelingTest {

  @Autowired Fleet fleet;
  @Autowired HostRepository hostRepository;
  @Autowired AgentSessionRepository sessions;
  @Autowired JdbcClient jdbc;

  private SeededHosts seed;
  private UUID workspace;
  private String operator;
  private UUID host;

  @BeforeEach
  void labelledHostAndAnOperator() throws Exception {
    seed = new SeededHosts(hostRepository, sessions, jdbc);
    workspace = fleet.createWorkspace("labels-" + UUID.randomUUID().toString().substring(0, 8));
    operator = fleet.keyWithRole(workspace, "operator");
    host = seed.enrolled(workspace, "web-1", SeededHosts.now());
    seed.labels(host, "{\"region\":\"us-east\",\"old\":\"gone-soon\"}");
  }

  @Test
  void putReplacesEveryLabelAndReturnsTheHost() throws Exception {
    JsonNode shown = setLabels("{\"labels\":{\"region\":\"eu-west\",\"tier\":\"web\",\"app.kubernetes.io/name\":\"shop\"}}", 200);

    assertThat(shown.get("id").asText()).isEqualTo(host.toString());
    assertThat(fleet.get(operator, path()).get("labels")).isEqualTo(shown.get("labels"));
    Map<String, String> labels = Map.of("region", "eu-west", "tier", "web", "app.kubernetes.io/name", "shop");
    assertThat(shown.get("labels").size()).isEqualTo(3);
    labels.forEach((key, value) -> assertThat(shown.get("labels").get(key).asText()).isEqualTo(value));
    assertThat(HostListTest.ids(fleet.get(operator, "/api/v1/workspaces/" + workspace + "/hosts?label=old=gone-soon"))).isEmpty();
    assertThat(HostListTest.ids(fleet.get(operator, "/api/v1/workspaces/" + workspace + "/hosts?label=tier=web"))).containsExactly(host);
  }

  @Test
  void emptyObjectRemovesEveryLabel() throws Exception {
    assertThat(setLabels("{\"labels\":{}}", 200).get("labels").isEmpty()).isTrue();
  }

  @Test
  void labelChangeIsAuditedWithTheNewLabels() throws Exception {
    fleet.send(operator, put(path() + "/labels").header("X-Request-Id", "req-labels-1"),
        "{\"labels\":{\"tier\":\"web\",\"region\":\"eu-west\"}}");

    var event = jdbc.sql("SELECT actor, request_id, outcome, detail FROM audit_events WHERE target = ? AND action = 'host.labels'")
        .param("host:" + host).query().singleRow();
    assertThat(event.get("actor").toString()).startsWith("user:");
    assertThat(event.get("request_id")).isEqualTo("req-labels-1");
    assertThat(event.get("outcome")).isEqualTo("SUCCESS");
    assertThat(event.get("detail")).isEqualTo("labels={\"region\":\"eu-west\",\"tier\":\"web\"}");
  }

  @Test
  void invalidKeyOrValueIsRefusedNamingTheLabelAndChangesNothing() throws Exception {
    assertInvalid("{\"labels\":{\"-region\":\"eu\"}}", "labels.-region");
    assertInvalid("{\"labels\":{\"region\":\"eu west\"}}", "labels.region");
    assertInvalid("{\"labels\":{\"Bad.Prefix/name\":\"x\"}}", "labels.Bad.Prefix/name");
    assertInvalid("{\"labels\":{\"region\":\"" + "x".repeat(64) + "\"}}", "labels.region");
    assertInvalid("{\"labels\":{\"region\":null}}", "labels.region");
    assertInvalid("{}", "labels");

    assertThat(fleet.get(operator, path()).at("/labels/region").asText()).isEqualTo("us-east");
    assertThat(jdbc.sql("SELECT count(*) FROM audit_events WHERE target = ? AND action = 'host.labels'")
        .param("host:" + host).query(Long.class).single()).isZero();
  }

  @Test
  void moreThanSixtyFourLabelsAreRefused() throws Exception {
    StringBuilder body = new StringBuilder("{\"labels\":{");
    for (int i = 0; i < 65; i++) {
      body.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    assertInvalid(body.append("}}").toString(), "labels");
  }

  @Test
  void labelsOfAHostInAnotherWorkspaceAreNotFound() throws Exception {
    UUID other = fleet.createWorkspace("labels-other-" + UUID.randomUUID().toString().substring(0, 8));
    UUID elsewhere = seed.enrolled(other, "elsewhere", SeededHosts.now());

    var result = fleet.send(operator, put("/api/v1/workspaces/" + workspace + "/hosts/" + elsewhere + "/labels"), "{\"labels\":{}}");
    assertThat(result.getResponse().getStatus()).isEqualTo(404);
    assertThat(jdbc.sql("SELECT labels::text FROM hosts WHERE id = ?").param(elsewhere).query(String.class).single()).isEqualTo("{}");
  }

  private void assertInvalid(String body, String field) throws Exception {
    var result = fleet.send(operator, put(path() + "/labels"), body);
    assertThat(result.getResponse().getStatus()).as(body).isEqualTo(400);
    assertThat(fleet.read(result).at("/errors/0/field").asText()).as(body).isEqualTo(field);
  }

  private JsonNode setLabels(String body, int status) throws Exception {
    return fleet.call(operator, put(path() + "/labels"), body, status);
  }

  private String path() {
    return "/api/v1/workspaces/" + workspace + "/hosts/" + host;
  }
}
