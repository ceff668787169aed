package dev.loopback.api.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.activities.hosts.HostState;
import dev.loopback.api.ApiTest;
import dev.loopback.api.Fleet;
import dev.loopback.db.hosts.AgentSession;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.db.hosts.Host;
import dev.loopback.db.hosts.HostInventoryRepository;
import dev.loopback.db.hosts.HostInventoryRepository.HostQuery;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The state filter (SQL, {@link HostInventoryRepository#STATE}) and the state shown ({@link HostState#of})
 * are two statements of one rule. Every combination of the facts the rule reads, including last seen
 * exactly at the stale line, must land in the same state both ways.
 */
@ApiTest
class HostStateAgreementTest {

  private static final Instant STALE_BEFORE = Instant.parse("2024-05-01T12:00:00Z");
  private static final List<String> LIFECYCLES = List.of("PENDING", "MANAGED", "UPDATING", "DEGRADED", "FAILED");
  /** None reported, all well, and a failed mesh module (which makes a managed host DEGRADED). */
  private static final List<String> MODULES = Arrays.asList(null, "[{\"name\":\"mesh\",\"version\":\"1\",\"state\":\"active\"}]",
      "[{\"name\":\"mesh\",\"version\":\"1\",\"state\":\"failed\",\"message\":\"revision 3 refused\"}]");
  private static final List<Instant> LAST_SEEN = Arrays.asList(
      null, STALE_BEFORE.minus(1, ChronoUnit.MICROS), STALE_BEFORE, STALE_BEFORE.plus(1, ChronoUnit.MICROS));

  @Autowired Fleet fleet;
  @Autowired HostInventoryRepository inventory;
  @Autowired AgentSessionRepository sessions;
  @Autowired JdbcClient jdbc;

  @Test
  void sqlFilterAndShownStateAgreeForEveryCombination() throws Exception {
    UUID workspace = fleet.createWorkspace("state-agreement-" + UUID.randomUUID().toString().substring(0, 8));
    UUID organization = jdbc.sql("SELECT organization_id FROM workspaces WHERE id = ?").param(workspace).query(UUID.class).single();
    int combinations = 0;
    for (boolean revoked : new boolean[] {false, true}) {
      for (boolean enrolled : new boolean[] {false, true}) {
        for (boolean session : new boolean[] {false, true}) {
          for (Instant lastSeen : LAST_SEEN) {
            for (String lifecycle : LIFECYCLES) {
              for (String modules : MODULES) {
                insert(organization, workspace, lifecycle, modules, enrolled, lastSeen, revoked, session, combinations++);
              }
            }
          }
        }
      }
    }

    List<Host> all = inventory.list(workspace, query(List.of()), STALE_BEFORE);
    assertThat(all).hasSize(combinations);
    Map<HostState, Set<UUID>> shown = all.stream().collect(Collectors.groupingBy(
        host -> HostState.of(host, STALE_BEFORE), Collectors.mapping(Host::id, Collectors.toSet())));
    List<String> disagreements = new ArrayList<>();
    int filtered = 0;
    for (HostState state : HostState.values()) {
      Set<UUID> byFilter = inventory.list(workspace, query(List.of(state.name())), STALE_BEFORE).stream()
          .map(Host::id).collect(Collectors.toSet());
      filtered += byFilter.size();
      if (!byFilter.equals(shown.getOrDefault(state, Set.of()))) {
        disagreements.add(state + ": filter " + byFilter.size() + " hosts, shown " + shown.getOrDefault(state, Set.of()).size());
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(filtered).as("every host is in exactly one state the filter knows").isEqualTo(combinations);
    assertThat(shown.keySet()).as("the combinations reach every state").containsExactlyInAnyOrder(HostState.values());
  }

  private void insert(UUID organization, UUID workspace, String lifecycle, String modules, boolean enrolled, Instant lastSeen,
      boolean revoked, boolean session, int n) {
    UUID id = UUID.randomUUID();
    Instant created = STALE_BEFORE.minusSeconds(3600);
    jdbc.sql("""
        INSERT INTO hosts (id, organization_id, workspace_id, name, lifecycle, modules, created_at, enrolled_at, last_seen_at,
                           revoked_at, revoked_by)
        VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)""")
        .params(id, organization, workspace, "combo-" + n, lifecycle, modules, Timestamp.from(created),
            enrolled ? Timestamp.from(created) : null, lastSeen == null ? null : Timestamp.from(lastSeen),
            revoked ? Timestamp.from(created) : null, revoked ? "user:test" : null)
        .update();
    if (session) {
      sessions.open(new AgentSession(id, UUID.randomUUID(), "replica-a", "192.0.2.1:4000", created));
    }
  }

  private static HostQuery query(List<String> states) {
    return new HostQuery(states, null, null, null, null, 1000);
  }
}
