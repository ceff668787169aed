package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.HostRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

@ApiTest
class HostListTest {

  @Autowired Fleet fleet;
  @Autowired HostRepository hostRepository;
  @Autowired AgentSessionRepository sessions;
  @Autowired JdbcClient jdbc;

  private SeededHosts seed;
  private UUID workspace;
  private String viewer;
  private Instant t0;

  @BeforeEach
  void workspaceWithAViewer() throws Exception {
    seed = new SeededHosts(hostRepository, sessions, jdbc);
    workspace = fleet.createWorkspace("hosts-" + UUID.randomUUID().toString().substring(0, 8));
    viewer = fleet.keyWithRole(workspace, "viewer");
    t0 = SeededHosts.now().minusSeconds(3600);
  }

  @Test
  void listsOnlyTheWorkspacesOwnHostsInCreationOrder() throws Exception {
    UUID other = fleet.createWorkspace("hosts-other-" + UUID.randomUUID().toString().substring(0, 8));
    UUID second = seed.enrolled(workspace, "second", t0.plusSeconds(2));
    UUID first = seed.enrolled(workspace, "first", t0.plusSeconds(1));
    seed.enrolled(other, "elsewhere", t0);
    UUID third = seed.preRegistered(workspace, "third", t0.plusSeconds(3));

    JsonNode page = list("");

    assertThat(ids(page)).containsExactly(first, second, third);
    assertThat(page.get("next").isNull()).isTrue();
    JsonNode shown = page.at("/hosts/0");
    assertThat(shown.get("name").asText()).isEqualTo("first");
    assertThat(shown.get("workspaceId").asText()).isEqualTo(workspace.toString());
    assertThat(shown.at("/facts/hostname").asText()).isEqualTo("first");
    assertThat(shown.at("/facts/addresses/0").asText()).isEqualTo("10.0.0.5");
    assertThat(shown.get("labels").isObject()).isTrue();
  }

  @Test
  void filtersByAnyOfTheGivenStates() throws Exception {
    UUID pending = seed.preRegistered(workspace, "pending", t0);
    UUID connected = seed.enrolled(workspace, "connected", t0.plusSeconds(1));
    seed.connected(connected);
    UUID managed = seed.enrolled(workspace, "managed", t0.plusSeconds(2));
    seed.connected(managed).lifecycle(managed, "MANAGED");
    UUID disconnected = seed.enrolled(workspace, "disconnected", t0.plusSeconds(3));
    seed.lifecycle(disconnected, "MANAGED");
    UUID revoked = seed.enrolled(workspace, "revoked", t0.plusSeconds(4));
    seed.connected(revoked).revoked(revoked);

    assertThat(ids(list("state=CONNECTED"))).containsExactly(connected);
    assertThat(ids(list("state=CONNECTED&state=MANAGED"))).containsExactly(connected, managed);
    assertThat(ids(list("state=PENDING&state=REVOKED"))).containsExactly(pending, revoked);
    assertThat(ids(list("state=DISCONNECTED"))).containsExactly(disconnected);
    assertThat(ids(list("state=UPDATING"))).isEmpty();
  }

  @Test
  void filtersByExactAgentVersion() throws Exception {
    UUID exact = seed.enrolled(workspace, "exact", t0);
    seed.version(exact, "1.2.3");
    seed.version(seed.enrolled(workspace, "longer", t0.plusSeconds(1)), "1.2.30");
    seed.version(seed.enrolled(workspace, "shorter", t0.plusSeconds(2)), "1.2");
    seed.preRegistered(workspace, "never-reported", t0.plusSeconds(3));

    assertThat(ids(list("version=1.2.3"))).containsExactly(exact);
  }

  @Test
  void filtersByLabelsRequiringEveryGivenPair() throws Exception {
    UUID euWeb = seed.enrolled(workspace, "eu-web", t0);
    seed.labels(euWeb, "{\"region\":\"eu-west\",\"tier\":\"web\",\"rack\":\"7\"}");
    UUID euDb = seed.enrolled(workspace, "eu-db", t0.plusSeconds(1));
    seed.labels(euDb, "{\"region\":\"eu-west\",\"tier\":\"db\"}");
    UUID usWeb = seed.enrolled(workspace, "us-web", t0.plusSeconds(2));
    seed.labels(usWeb, "{\"region\":\"us-east\",\"tier\":\"web\"}");
    UUID emptyTier = seed.enrolled(workspace, "empty-tier", t0.plusSeconds(3));
    seed.labels(emptyTier, "{\"tier\":\"\"}");

    assertThat(ids(list("label=region=eu-west"))).containsExactly(euWeb, euDb);
    assertThat(ids(list("label=region=eu-west&label=tier=web"))).containsExactly(euWeb);
    assertThat(ids(list("label=tier=web"))).containsExactly(euWeb, usWeb);
    assertThat(ids(list("label=tier="))).containsExactly(emptyTier);
    assertThat(ids(list("label=region=eu-west&label=tier=cache"))).isEmpty();
  }

  @Test
  void combinesStateVersionAndLabelFilters() throws Exception {
    UUID match = seed.enrolled(workspace, "match", t0);
    seed.connected(match).lifecycle(match, "MANAGED").version(match, "2.0.0").labels(match, "{\"region\":\"eu-west\"}");
    UUID wrongState = seed.enrolled(workspace, "wrong-state", t0.plusSeconds(1));
    seed.lifecycle(wrongState, "MANAGED").version(wrongState, "2.0.0").labels(wrongState, "{\"region\":\"eu-west\"}");
    UUID wrongVersion = seed.enrolled(workspace, "wrong-version", t0.plusSeconds(2));
    seed.connected(wrongVersion).lifecycle(wrongVersion, "MANAGED").version(wrongVersion, "1.9.0")
        .labels(wrongVersion, "{\"region\":\"eu-west\"}");
    UUID wrongLabel = seed.enrolled(workspace, "wrong-label", t0.plusSeconds(3));
    seed.connected(wrongLabel).lifecycle(wrongLabel, "MANAGED").version(wrongLabel, "2.0.0").labels(wrongLabel, "{\"region\":\"us\"}");

    assertThat(ids(list("state=MANAGED&state=DEGRADED&version=2.0.0&label=region=eu-west"))).containsExactly(match);
  }

  @Test
  void pagesThroughEveryHostInOrderWithoutDuplicatesOrGaps() throws Exception {
    List<UUID> created = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Three hosts share each creation instant, so the id must break ties for the cursor to be exact.
      created.add(seed.enrolled(workspace, "h" + i, t0.plusSeconds(i / 3)));
    }
    List<UUID> expected = jdbc.sql("SELECT id FROM hosts WHERE workspace_id = ? ORDER BY created_at, id")
        .param(workspace).query(UUID.class).list();

    List<UUID> paged = new ArrayList<>();
    int pages = 0;
    String next = null;
    do {
      JsonNode page = list("limit=5" + (next == null ? "" : "&after=" + next));
      assertThat(page.get("hosts").size()).isLessThanOrEqualTo(5);
      paged.addAll(ids(page));
      next = page.get("next").isNull() ? null : page.get("next").asText();
      pages++;
    } while (next != null && pages < 10);

    assertThat(pages).isEqualTo(5);
    assertThat(paged).containsExactlyElementsOf(expected).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void pagesOfAFilteredListStayWithinTheFilter() throws Exception {
    List<UUID> tagged = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      UUID host = seed.enrolled(workspace, "h" + i, t0.plusSeconds(i));
      if (i % 2 == 0) {
        seed.labels(host, "{\"tier\":\"web\"}");
        tagged.add(host);
      }
    }
    JsonNode first = list("label=tier=web&limit=3");
    JsonNode second = list("label=tier=web&limit=3&after=" + first.get("next").asText());

    assertThat(ids(first)).containsExactlyElementsOf(tagged.subList(0, 3));
    assertThat(ids(second)).containsExactlyElementsOf(tagged.subList(3, 5));
    assertThat(second.get("next").isNull()).isTrue();
  }

  @Test
  void fullLastPageHasNoNextCursor() throws Exception {
    for (int i = 0; i < 4; i++) {
      seed.enrolled(workspace, "h" + i, t0.plusSeconds(i));
    }
    JsonNode first = list("limit=2");
    JsonNode second = list("limit=2&after=" + first.get("next").asText());

    assertThat(first.get("hosts").size()).isEqualTo(2);
    assertThat(second.get("hosts").size()).isEqualTo(2);
    assertThat(second.get("next").isNull()).isTrue();
  }

  @Test
  void malformedQueryParametersAreRefusedNamingTheParameter() throws Exception {
    assertRefused("state=ONLINE", "state");
    assertRefused("state=connected", "state");
    assertRefused("label=region", "label");
    assertRefused("label=region=eu west", "label");
    assertRefused("limit=0", "limit");
    assertRefused("limit=1001", "limit");
    assertRefused("limit=many", "limit");
    assertRefused("after=not-a-cursor", "after");
    assertRefused("version= ", "version");
  }

  private void assertRefused(String query, String parameter) throws Exception {
    var result = fleet.send(viewer, MockMvcRequestBuilders.get(path() + "?" + query), null);
    assertThat(result.getResponse().getStatus()).as(query).isEqualTo(400);
    JsonNode problem = fleet.read(result);
    assertThat(problem.at("/errors/0/field").asText()).as(query).isEqualTo(parameter);
    assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-request");
  }

  private JsonNode list(String query) throws Exception {
    return fleet.get(viewer, path() + (query.isEmpty() ? "" : "?" + query));
  }

  private String path() {
    return "/api/v1/workspaces/" + workspace + "/hosts";
  }

  static List<UUID> ids(JsonNode page) {
    List<UUID> ids = new ArrayList<>();
    page.get("hosts").forEach(host -> ids.add(UUID.fromString(host.get("id").asText())));
    return ids;
  }
}
