package dev.loopback.activities.access;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a caller may do. Roles grant capabilities; see {@link Role} for the one mapping. */
public enum Capability {
  HOSTS_READ("hosts:read"),
  /** Labels and round trips (ping) on hosts. */
  HOSTS_MANAGE("hosts:manage"),
  /** Revoke a host: its certificates are refused from the next handshake on. */
  HOSTS_REVOKE("hosts:revoke"),
  TOKENS_MINT("tokens:mint"),
  TOKENS_LIST("tokens:list"),
  TOKENS_REVOKE("tokens:revoke"),
  NETWORKS_MANAGE("networks:manage"),
  CATALOG_PUBLISH("catalog:publish"),
  DELIVERIES_MANAGE("deliveries:manage"),
  POWER_ACT("power:act"),
  /** Tier-0: break-glass shells. No default role but {@code owner} has it. */
  SHELL_OPEN("shell:open"),
  AUDIT_READ("audit:read"),
  MEMBERS_MANAGE("members:manage"),
  /** Organization-level: create workspaces. Only meaningful on an organization-wide binding. */
  WORKSPACES_CREATE("workspaces:create");

  private final String wireName;

  Capability(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
