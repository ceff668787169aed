package dev.loopback.activities.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.loopback.db.hosts.Host;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host as operators see it.
 *
 * @param state derived, see {@link HostState}
 * @param lifecycle what workflows last decided: {@code PENDING}, {@code MANAGED}, {@code UPDATING},
 *     {@code DEGRADED} or {@code FAILED}
 * @param facts and {@code modules}: what the agent last reported; null until it has
 * @param session the registry's record of the live channel, or null. Shown even when the host is
 *     {@code DISCONNECTED} because it went silent, so an operator can see which replica last held it
 * @param machine the machine a compute provider created for the host, with its power state; null for
 *     adopted hosts, and in lists (shown when one host is read)
 * @param bringUp where the host's bring-up workflow is; null when there is none, and in lists
 */
public record HostView(
    UUID id,
    UUID workspaceId,
    String name,
    HostState state,
    String lifecycle,
    Map<String, String> labels,
    String agentVersion,
    Integer protocolVersion,
    Facts facts,
    List<Module> modules,
    Long uptimeSeconds,
    Instant createdAt,
    Instant enrolledAt,
    Instant lastSeenAt,
    Instant revokedAt,
    String revokedBy,
    Session session,
    Machine machine,
    BringUp bringUp) {

  /** What the host says about itself; addresses are its own interface addresses, as text. */
  public record Facts(String hostname, String os, String kernel, String architecture, List<String> addresses) {
  }

  /**
   * One agent module as the agent runs it; {@code state} is e.g. {@code active}, {@code failed},
   * {@code disabled}; {@code metrics} what the module last reported (null: none).
   */
  public record Module(String name, String version, String state, String message, Map<String, Double> metrics) {
  }

  public record Session(String replicaId, Instant connectedAt, String remoteAddress) {
  }

  /**
   * @param powerState the provider's last reported state: {@code CREATING}, {@code RUNNING}, {@code OFF}, {@code GONE}, {@code ERROR}
   * @param lastPowerAction the last power action and its outcome, or null
   */
  public record Machine(String provider, String machineId, String powerState, Instant destroyedAt, PowerAction lastPowerAction) {
  }

  /** @param outcome {@code IN_PROGRESS}, {@code SUCCEEDED}, {@code FAILED} or {@code TIMED_OUT} */
  public record PowerAction(String action, String outcome, String detail, Instant at) {
  }

  /** @param phase e.g. {@code AWAITING_CHECK_IN}; {@code step} is the configuration step while {@code CONFIGURING} */
  public record BringUp(String phase, String step, String reason) {
  }

  public HostView withDetails(Machine machine, BringUp bringUp) {
    return new HostView(id, workspaceId, name, state, lifecycle, labels, agentVersion, protocolVersion, facts, modules,
        uptimeSeconds, createdAt, enrolledAt, lastSeenAt, revokedAt, revokedBy, session, machine, bringUp);
  }

  private static final Logger log = LoggerFactory.getLogger(HostView.class);
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};
  private static final TypeReference<List<Module>> MODULES = new TypeReference<>() {};

  static HostView of(Host host, Instant staleBefore, ObjectMapper json) {
    // Facts and modules come from agents, possibly newer ones: ignore what we do not know rather than fail the list.
    ObjectReader lenient = json.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    var session = host.session();
    return new HostView(
        host.id(),
        host.workspaceId(),
        host.name(),
        HostState.of(host, staleBefore),
        host.lifecycle(),
        host.labelsJson() == null ? Map.of() : read(host, "labels", lenient.forType(LABELS), host.labelsJson(), Map.of()),
        host.agentVersion(),
        host.protocolVersion(),
        host.factsJson() == null ? null : read(host, "facts", lenient.forType(Facts.class), host.factsJson(), null),
        host.modulesJson() == null ? null : read(host, "modules", lenient.forType(MODULES), host.modulesJson(), null),
        host.uptimeSeconds(),
        host.createdAt(),
        host.enrolledAt(),
        host.lastSeenAt(),
        host.revokedAt(),
        host.revokedBy(),
        session == null ? null : new Session(session.replicaId(), session.connectedAt(), session.remoteAddress()),
        null,
        null);
  }

  private static <T> T read(Host host, String column, ObjectReader reader, String text, T otherwise) {
    try {
      return reader.readValue(text);
    } catch (JsonProcessingException e) {
      log.warn("host {}: {} is not in the expected shape, left out of the view: {}", host.id(), column, e.getOriginalMessage());
      return otherwise;
    }
  }
}
