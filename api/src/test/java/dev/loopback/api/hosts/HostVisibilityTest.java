package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.HostRepository;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Tenants cannot see each other's hosts, nor tell "not yours" from "not there". */
@ApiTest
class HostVisibilityTest {

  @Autowired Fleet fleet;
  @Autowired HostRepository hostRepository;
  @Autowired AgentSessionRepository sessions;
  @Autowired JdbcClient jdbc;

  private SeededHosts seed;
  private UUID mine;
  private UUID theirs;
  private String myViewer;
  private UUID theirHost;

  @BeforeEach
  void twoWorkspaces() throws Exception {
    seed = new SeededHosts(hostRepository, sessions, jdbc);
    mine = fleet.createWorkspace("mine-" + UUID.randomUUID().toString().substring(0, 8));
    theirs = fleet.createWorkspace("theirs-" + UUID.randomUUID().toString().substring(0, 8));
    myViewer = fleet.keyWithRole(mine, "viewer");
    theirHost = seed.enrolled(theirs, "their-host", SeededHosts.now());
  }

  @Test
  void hostOfAnotherWorkspaceIsNotFoundThroughMyWorkspace() throws Exception {
    assertThat(status(myViewer, "/api/v1/workspaces/" + mine + "/hosts/" + theirHost)).isEqualTo(404);
    assertThat(HostListTest.ids(fleet.get(myViewer, "/api/v1/workspaces/" + mine + "/hosts"))).doesNotContain(theirHost);
  }

  @Test
  void hostOfAWorkspaceWhereIHaveNoRoleIsNotFoundLikeAnUnknownHost() throws Exception {
    var hidden = fleet.send(myViewer, MockMvcRequestBuilders.get("/api/v1/workspaces/" + theirs + "/hosts/" + theirHost), null);
    var unknown = fleet.send(myViewer, MockMvcRequestBuilders.get("/api/v1/workspaces/" + UUID.randomUUID() + "/hosts/" + theirHost), null);

    assertThat(hidden.getResponse().getStatus()).isEqualTo(404);
    assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
    assertThat(status(myViewer, "/api/v1/workspaces/" + theirs + "/hosts")).isEqualTo(404);
    assertThat(hidden.getResponse().getContentAsString()).doesNotContain("their-host");
  }

  @Test
  void unknownHostInMyWorkspaceIsNotFound() throws Exception {
    assertThat(status(myViewer, "/api/v1/workspaces/" + mine + "/hosts/" + UUID.randomUUID())).isEqualTo(404);
  }

  @Test
  void malformedHostIdIsABadRequestNamingIt() throws Exception {
    var result = fleet.send(myViewer, MockMvcRequestBuilders.get("/api/v1/workspaces/" + mine + "/hosts/not-a-uuid"), null);
    assertThat(result.getResponse().getStatus()).isEqualTo(400);
    assertThat(fleet.read(result).at("/errors/0/field").asText()).isEqualTo("hostId");
  }

  private int status(String key, String path) throws Exception {
    return fleet.send(key, MockMvcRequestBuilders.get(path), null).getResponse().getStatus();
  }
}
