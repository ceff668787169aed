package dev.loopback.activities.access;

import static dev.loopback.activities.access.Capability.*;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one place roles map to capabilities. Each role holds everything of the role below it.
 *
 * <ul>
 *   <li>{@code viewer} reads the fleet.
 *   <li>{@code operator} runs day-to-day work: host labels and pings, tokens, deliveries, power actions.
 *   <li>{@code admin} also changes configuration and people: host revocation, networks, catalog, members, audit.
 *   <li>{@code owner} also opens break-glass shells ({@code shell:open} is tier-0).
 * </ul>
 */
public enum Role {
  VIEWER("viewer", EnumSet.of(HOSTS_READ)),
  OPERATOR("operator", with(VIEWER, HOSTS_MANAGE, TOKENS_MINT, TOKENS_LIST, TOKENS_REVOKE, DELIVERIES_MANAGE, POWER_ACT)),
  ADMIN("admin", with(OPERATOR, HOSTS_REVOKE, NETWORKS_MANAGE, CATALOG_PUBLISH, AUDIT_READ, MEMBERS_MANAGE, WORKSPACES_CREATE)),
  OWNER("owner", with(ADMIN, SHELL_OPEN));

  private final String wireName;
  private final Set<Capability> capabilities;

  Role(String wireName, Set<Capability> capabilities) {
    this.wireName = wireName;
    this.capabilities = capabilities;
  }

  public boolean grants(Capability capability) {
    return capabilities.contains(capability);
  }

  public Set<Capability> capabilities() {
    return EnumSet.copyOf(capabilities);
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  public static Optional<Role> fromWireName(String name) {
    return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
  }

  private static Set<Capability> with(Role base, Capability... more) {
    EnumSet<Capability> all = EnumSet.copyOf(base.capabilities);
    all.addAll(Arrays.asList(more));
    return all;
  }
}
