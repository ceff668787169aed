package dev.loopback.activities.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.db.hosts.Host;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A host's state as the API reports it. Derived on every read, never stored, by the first rule that
 * applies:
 *
 * <ol>
 *   <li>{@link #REVOKED} when {@code revoked_at} is set;
 *   <li>{@link #PENDING} when it never enrolled ({@code enrolled_at} null);
 *   <li>{@link #UPDATING} while its agent updates itself ({@code AgentUpdates}): the agent restarts
 *       during the update, and the update workflow bounds how long the host can stay so;
 *   <li>{@link #DISCONNECTED} when the session registry holds no channel for it, or it was never seen,
 *       or last seen before {@code staleBefore} (now minus {@code AgentChannelSettings.staleAfter()}):
 *       a replica that crashed without closing its sessions cannot leave hosts looking connected;
 *   <li>{@link #CONNECTED} when its lifecycle is still {@code PENDING} (checked in, bring-up not finished);
 *   <li>{@link #DEGRADED} when it is {@code MANAGED} but one of its modules reports {@code failed}
 *       (e.g. the mesh refused a revision): the core agent runs, a module does not;
 *   <li>otherwise its lifecycle: {@link #MANAGED}, {@link #UPDATING}, {@link #DEGRADED} or {@link #FAILED}.
 * </ol>
 *
 * <p>{@code HostInventoryRepository.STATE} states the same rule in SQL for filtering; change both or neither.
 */
public enum HostState {
  PENDING,
  CONNECTED,
  MANAGED,
  UPDATING,
  DEGRADED,
  FAILED,
  DISCONNECTED,
  REVOKED;

  private static final ObjectMapper JSON = new ObjectMapper();

  public static HostState of(Host host, Instant staleBefore) {
    if (host.revokedAt() != null) {
      return REVOKED;
    }
    if (host.enrolledAt() == null) {
      return PENDING;
    }
    if (host.lifecycle().equals("UPDATING")) {
      return UPDATING;
    }
    if (host.session() == null || host.lastSeenAt() == null || host.lastSeenAt().isBefore(staleBefore)) {
      return DISCONNECTED;
    }
    if (host.lifecycle().equals("PENDING")) {
      return CONNECTED;
    }
    return host.lifecycle().equals("MANAGED") && anyModuleFailed(host.modulesJson()) ? DEGRADED : valueOf(host.lifecycle());
  }

  /** The heartbeat's module list ({@code [{"name", "version", "state", "message"}]}) has a failed module. */
  static boolean anyModuleFailed(String modulesJson) {
    if (modulesJson == null) {
      return false;
    }
    try {
      for (JsonNode module : JSON.readTree(modulesJson)) {
        if ("failed".equals(module.path("state").asText())) {
          return true;
        }
      }
      return false;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  public static Optional<HostState> fromWireName(String name) {
    return Arrays.stream(values()).filter(state -> state.name().equals(name)).findFirst();
  }
}
