package dev.loopback.activities.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallerTest {

  private static final UUID WORKSPACE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID OTHER_WORKSPACE = UUID.fromString("00000000-0000-0000-0000-00000000000b");

  @Test
  void organizationWideRoleAppliesInEveryWorkspace() {
    Caller caller = caller(Role.OPERATOR, Map.of());

    assertThat(caller.roleIn(WORKSPACE)).contains(Role.OPERATOR);
    assertThat(caller.roleIn(OTHER_WORKSPACE)).contains(Role.OPERATOR);
    assertThat(caller.roleIn(UUID.randomUUID())).contains(Role.OPERATOR);
  }

  static Stream<Arguments> organizationAndWorkspaceRoles() {
    return Stream.of(
        Arguments.of(Role.VIEWER, Role.ADMIN, Role.ADMIN),
        Arguments.of(Role.ADMIN, Role.VIEWER, Role.ADMIN),
        Arguments.of(Role.OPERATOR, Role.OWNER, Role.OWNER),
        Arguments.of(Role.OWNER, Role.VIEWER, Role.OWNER),
        Arguments.of(Role.OPERATOR, Role.OPERATOR, Role.OPERATOR),
        Arguments.of(null, Role.VIEWER, Role.VIEWER),
        Arguments.of(Role.VIEWER, null, Role.VIEWER));
  }

  @ParameterizedTest(name = "organization {0}, workspace {1} -> {2}")
  @MethodSource("organizationAndWorkspaceRoles")
  void theStrongerOfOrganizationAndWorkspaceRoleWins(Role organizationRole, Role workspaceRole, Role expected) {
    Caller caller = caller(organizationRole, workspaceRole == null ? Map.of() : Map.of(WORKSPACE, workspaceRole));

    assertThat(caller.roleIn(WORKSPACE)).contains(expected);
  }

  @Test
  void aWorkspaceBindingGivesNoRoleInAnotherWorkspace() {
    Caller caller = caller(null, Map.of(WORKSPACE, Role.OWNER));

    assertThat(caller.roleIn(OTHER_WORKSPACE)).isEmpty();
  }

  @Test
  void hasNoRoleWithoutAnyBinding() {
    Caller caller = caller(null, Map.of());

    assertThat(caller.roleIn(WORKSPACE)).isEmpty();
  }

  @Test
  void organizationCapabilitiesComeFromTheOrganizationWideRoleOnly() {
    // A workspace owner must not create workspaces or act organization-wide through that binding.
    Caller workspaceOwner = caller(Role.VIEWER, Map.of(WORKSPACE, Role.OWNER));

    assertThat(workspaceOwner.canInOrganization(Capability.WORKSPACES_CREATE)).isFalse();
    assertThat(workspaceOwner.canInOrganization(Capability.SHELL_OPEN)).isFalse();
    assertThat(workspaceOwner.canInOrganization(Capability.HOSTS_READ)).isTrue();
  }

  @Test
  void workspaceBindingsAloneGrantNothingOrganizationWide() {
    Caller caller = caller(null, Map.of(WORKSPACE, Role.OWNER, OTHER_WORKSPACE, Role.OWNER));

    for (Capability capability : Capability.values()) {
      assertThat(caller.canInOrganization(capability)).as("%s", capability).isFalse();
    }
  }

  @Test
  void organizationAdminMayCreateWorkspacesButNotOpenShells() {
    Caller admin = caller(Role.ADMIN, Map.of());

    assertThat(admin.canInOrganization(Capability.WORKSPACES_CREATE)).isTrue();
    assertThat(admin.canInOrganization(Capability.SHELL_OPEN)).isFalse();
  }

  private static Caller caller(Role organizationRole, Map<UUID, Role> workspaceRoles) {
    return new Caller(
        UUID.fromString("00000000-0000-0000-0000-000000000001"),
        "ada",
        UUID.fromString("00000000-0000-0000-0000-000000000002"),
        "a1B2c3D4e5F6",
        Optional.ofNullable(organizationRole),
        workspaceRoles);
  }
}
