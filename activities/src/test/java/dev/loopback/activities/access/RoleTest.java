package dev.loopback.activities.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

  // Each row is written out in full, on purpose not derived from the role below it: Role builds
  // its sets by inheritance, and a table built the same way would repeat a mistake instead of
  // catching it. Changing who may do what should mean changing this table too.
  static Stream<Arguments> capabilitiesOfEachRole() {
    return Stream.of(
        Arguments.of(Role.VIEWER, Set.of(
            "hosts:read")),
        Arguments.of(Role.OPERATOR, Set.of(
            "hosts:read", "hosts:manage",
            "tokens:mint", "tokens:list", "tokens:revoke", "deliveries:manage", "power:act")),
        Arguments.of(Role.ADMIN, Set.of(
            "hosts:read", "hosts:manage", "hosts:revoke",
            "tokens:mint", "tokens:list", "tokens:revoke", "deliveries:manage", "power:act",
            "networks:manage", "catalog:publish", "audit:read", "members:manage", "workspaces:create")),
        Arguments.of(Role.OWNER, Set.of(
            "hosts:read", "hosts:manage", "hosts:revoke",
            "tokens:mint", "tokens:list", "tokens:revoke", "deliveries:manage", "power:act",
            "networks:manage", "catalog:publish", "audit:read", "members:manage", "workspaces:create",
            "shell:open")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capabilitiesOfEachRole")
  void grantsExactlyTheCapabilitiesWrittenOutForIt(Role role, Set<String> expected) {
    assertThat(wireNames(role.capabilities())).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theTableCoversEveryRole() {
    assertThat(capabilitiesOfEachRole().map(arguments -> (Role) arguments.get()[0]))
        .containsExactlyInAnyOrder(Role.values());
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void grantsAgreesWithTheCapabilitySet(Role role) {
    for (Capability capability : Capability.values()) {
      assertThat(role.grants(capability))
          .as("%s grants %s", role, capability)
          .isEqualTo(role.capabilities().contains(capability));
    }
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void onlyOwnerMayOpenABreakGlassShell(Role role) {
    assertThat(role.grants(Capability.SHELL_OPEN)).isEqualTo(role == Role.OWNER);
  }

  @Test
  void mintingListingAndRevokingTokensAreThreeSeparateCapabilities() {
    // Kept apart so a role can one day list tokens without being able to mint them.
    Set<String> tokenCapabilities = Arrays.stream(Capability.values())
        .map(Capability::wireName)
        .filter(name -> name.startsWith("tokens:"))
        .collect(Collectors.toSet());

    assertThat(tokenCapabilities).containsExactlyInAnyOrder("tokens:mint", "tokens:list", "tokens:revoke");
    assertThat(Set.of(Capability.TOKENS_MINT, Capability.TOKENS_LIST, Capability.TOKENS_REVOKE)).hasSize(3);
  }

  @Test
  void everyRoleHoldsEverythingOfTheRoleBelowItAndMore() {
    List<Role> ladder = List.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN, Role.OWNER);

    for (int i = 1; i < ladder.size(); i++) {
      Role lower = ladder.get(i - 1);
      Role higher = ladder.get(i);
      assertThat(higher.capabilities())
          .as("%s over %s", higher, lower)
          .containsAll(lower.capabilities())
          .hasSizeGreaterThan(lower.capabilities().size());
    }
  }

  @Test
  void wireNamesOfCapabilitiesAreUnique() {
    assertThat(Arrays.stream(Capability.values()).map(Capability::wireName)).doesNotHaveDuplicates();
  }

  @Test
  void changingTheReturnedCapabilitiesDoesNotChangeTheRole() {
    // Callers get a copy; otherwise one careless caller could hand viewers the shell for everyone.
    Role.VIEWER.capabilities().add(Capability.SHELL_OPEN);

    assertThat(Role.VIEWER.grants(Capability.SHELL_OPEN)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void findsEachRoleByItsWireName(Role role) {
    assertThat(Role.fromWireName(role.wireName())).contains(role);
  }

  @Test
  void wireNamesAreTheLowercaseNamesUsedInTheApi() {
    assertThat(Arrays.stream(Role.values()).map(Role::wireName))
        .containsExactly("viewer", "operator", "admin", "owner");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Owner", "OWNER", "owner ", " viewer", "root", "superuser", "shell:open"})
  @NullAndEmptySource
  void findsNoRoleForAnUnknownName(String name) {
    assertThat(Role.fromWireName(name)).isEmpty();
  }

  private static Set<String> wireNames(Set<Capability> capabilities) {
    return capabilities.stream().map(Capability::wireName).collect(Collectors.toSet());
  }
}
