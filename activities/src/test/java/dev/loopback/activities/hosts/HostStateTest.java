package dev.loopback.activities.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopback.db.hosts.AgentSession;
import dev.loopback.db.hosts.Host;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HostStateTest {

  static final Instant STALE_BEFORE = Instant.parse("2024-05-01T12:00:00Z");
  static final Instant FRESH = STALE_BEFORE.plusSeconds(5);
  static final Instant STALE = STALE_BEFORE.minusNanos(1000);

  @Test
  void revokedWinsOverEverything() {
    assertThat(HostState.of(host("MANAGED", FRESH, FRESH, true, FRESH), STALE_BEFORE)).isEqualTo(HostState.REVOKED);
    assertThat(HostState.of(host("PENDING", null, null, false, FRESH), STALE_BEFORE)).isEqualTo(HostState.REVOKED);
  }

  @Test
  void hostThatNeverEnrolledIsPendingEvenWithASession() {
    assertThat(HostState.of(host("PENDING", null, FRESH, true, null), STALE_BEFORE)).isEqualTo(HostState.PENDING);
  }

  @Test
  void enrolledHostWithoutASessionIsDisconnected() {
    assertThat(HostState.of(host("MANAGED", FRESH, FRESH, false, null), STALE_BEFORE)).isEqualTo(HostState.DISCONNECTED);
  }

  @Test
  void hostSilentSinceBeforeTheStaleLineIsDisconnectedWhateverTheRegistrySays() {
    assertThat(HostState.of(host("MANAGED", FRESH, STALE, true, null), STALE_BEFORE)).isEqualTo(HostState.DISCONNECTED);
  }

  @Test
  void hostNeverSeenIsDisconnectedEvenWithASession() {
    assertThat(HostState.of(host("MANAGED", FRESH, null, true, null), STALE_BEFORE)).isEqualTo(HostState.DISCONNECTED);
  }

  @Test
  void hostSeenExactlyAtTheStaleLineIsStillConnected() {
    assertThat(HostState.of(host("MANAGED", FRESH, STALE_BEFORE, true, null), STALE_BEFORE)).isEqualTo(HostState.MANAGED);
  }

  @Test
  void updatingHostStaysUpdatingWhileItsAgentRestarts() {
    assertThat(HostState.of(host("UPDATING", FRESH, FRESH, false, null), STALE_BEFORE)).isEqualTo(HostState.UPDATING);
    assertThat(HostState.of(host("UPDATING", FRESH, STALE, true, null), STALE_BEFORE)).isEqualTo(HostState.UPDATING);
    assertThat(HostState.of(host("UPDATING", FRESH, FRESH, false, FRESH), STALE_BEFORE)).isEqualTo(HostState.REVOKED);
  }

  @Test
  void connectedHostStillInBringUpIsConnected() {
    assertThat(HostState.of(host("PENDING", FRESH, FRESH, true, null), STALE_BEFORE)).isEqualTo(HostState.CONNECTED);
  }

  @Test
  void connectedHostPastBringUpShowsItsLifecycle() {
    for (String lifecycle : new String[] {"MANAGED", "UPDATING", "DEGRADED", "FAILED"}) {
      assertThat(HostState.of(host(lifecycle, FRESH, FRESH, true, null), STALE_BEFORE)).hasToString(lifecycle);
    }
  }

  @Test
  void managedHostWithAFailedModuleIsDegraded() {
    Host failed = withModules(host("MANAGED", FRESH, FRESH, true, null), "[{\"name\":\"mesh\",\"state\":\"failed\",\"message\":\"x\"}]");
    Host active = withModules(host("MANAGED", FRESH, FRESH, true, null), "[{\"name\":\"mesh\",\"state\":\"active\"}]");
    Host silentAboutState = withModules(host("MANAGED", FRESH, FRESH, true, null), "[{\"name\":\"mesh\",\"message\":\"state: failed\"}]");
    assertThat(HostState.of(failed, STALE_BEFORE)).isEqualTo(HostState.DEGRADED);
    assertThat(HostState.of(active, STALE_BEFORE)).isEqualTo(HostState.MANAGED);
    assertThat(HostState.of(silentAboutState, STALE_BEFORE)).isEqualTo(HostState.MANAGED);
  }

  static Host withModules(Host h, String modulesJson) {
    return new Host(h.id(), h.organizationId(), h.workspaceId(), h.name(), h.lifecycle(), h.labelsJson(), h.agentVersion(),
        h.protocolVersion(), h.factsJson(), modulesJson, h.uptimeSeconds(), h.createdAt(), h.enrolledAt(), h.enrolledWith(),
        h.lastSeenAt(), h.revokedAt(), h.revokedBy(), h.session());
  }

  static Host host(String lifecycle, Instant enrolledAt, Instant lastSeenAt, boolean session, Instant revokedAt) {
    UUID id = UUID.randomUUID();
    return new Host(id, UUID.randomUUID(), UUID.randomUUID(), "h", lifecycle, "{}", null, null, null, null, null,
        STALE_BEFORE.minusSeconds(3600), enrolledAt, null, lastSeenAt, revokedAt, revokedAt == null ? null : "user:x",
        session ? new AgentSession(id, UUID.randomUUID(), "replica-a", "10.0.0.1:5000", STALE_BEFORE.minusSeconds(60)) : null);
  }
}
