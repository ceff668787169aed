package dev.loopback.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.loopback.activities.access.Directory;
import dev.loopback.activities.access.MemberView;
import dev.loopback.activities.access.Role;
import dev.loopback.activities.audit.Actor;
import dev.loopback.activities.errors.ConflictException;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApiTest
class MembersTest {

  @Autowired Fleet fleet;
  @Autowired JdbcClient jdbc;
  @Autowired Directory directory;

  @Test
  void adminCannotGrantOwnerSoShellAccessCannotBeSelfServed() throws Exception {
    UUID workspace = fleet.createWorkspace("members-" + UUID.randomUUID().toString().substring(0, 8));
    String admin = fleet.keyWithRole(workspace, "admin");
    UUID user = fleet.createUser("m-" + UUID.randomUUID().toString().substring(0, 8));

    var refused = fleet.send(admin, put("/api/v1/workspaces/" + workspace + "/members/" + user), "{\"role\":\"owner\"}");
    var granted = fleet.send(admin, put("/api/v1/workspaces/" + workspace + "/members/" + user), "{\"role\":\"operator\"}");

    assertThat(refused.getResponse().getStatus()).isEqualTo(403);
    assertThat(granted.getResponse().getStatus()).isEqualTo(200);
  }

  @Test
  void roleChangesAreAuditedAndTakeEffectOnTheNextRequest() throws Exception {
    UUID workspace = fleet.createWorkspace("members-" + UUID.randomUUID().toString().substring(0, 8));
    String key = fleet.keyWithRole(workspace, "viewer");
    String tokens = "/api/v1/workspaces/" + workspace + "/agent-tokens";
    assertThat(fleet.send(key, get(tokens), null).getResponse().getStatus()).isEqualTo(403);

    UUID user = UUID.fromString(fleet.get(key, "/api/v1/me").get("userId").asText());
    fleet.call(fleet.ownerKey(), put("/api/v1/workspaces/" + workspace + "/members/" + user), "{\"role\":\"operator\"}", 200);
    assertThat(fleet.send(key, get(tokens), null).getResponse().getStatus()).isEqualTo(200);

    fleet.call(fleet.ownerKey(), delete("/api/v1/workspaces/" + workspace + "/members/" + user), null, 204);
    assertThat(fleet.send(key, get(tokens), null).getResponse().getStatus()).isEqualTo(404);

    assertThat(jdbc.sql("SELECT action FROM audit_events WHERE workspace_id = ? AND action LIKE 'role.%' ORDER BY seq")
        .param(workspace).query(String.class).list()).containsExactly("role.bind", "role.change", "role.unbind");
  }

  @Test
  void theLastOrganizationWideOwnerCanNeitherBeRemovedNorDemoted() {
    // Its own organization, so other tests' owners do not count.
    UUID organization = UUID.randomUUID();
    jdbc.sql("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, now())").params(organization, "org-" + organization).update();
    Actor actor = new Actor("user:test", "test");
    UUID owner = directory.createUser(organization, "only-owner", actor).id();
    directory.bind(organization, null, owner, Role.OWNER, Role.OWNER, actor);

    assertThatThrownBy(() -> directory.unbind(organization, null, owner, Role.OWNER, actor)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> directory.bind(organization, null, owner, Role.ADMIN, Role.OWNER, actor)).isInstanceOf(ConflictException.class);

    UUID second = directory.createUser(organization, "second-owner", actor).id();
    directory.bind(organization, null, second, Role.OWNER, Role.OWNER, actor);
    directory.unbind(organization, null, owner, Role.OWNER, actor);
    assertThat(directory.members(organization, null)).extracting(MemberView::userId).containsExactly(second);
  }
}
