package dev.loopback.activities.agents;

import dev.loopback.workflows.TaskQueues;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The agent channel of this replica ({@code loopback.agents.*}).
 *
 * @param port TLS port agents dial; 0 picks a free one (tests)
 * @param bindAddress address the gateway listens on
 * @param advertisedNames DNS names and IPs agents use to reach this replica: they go into the
 *     gateway certificate's SAN, which agents verify
 * @param replicaId names this replica in the session registry and its {@code agent-rpc/<replicaId>}
 *     task queue; must be stable across restarts and unique among replicas
 * @param heartbeatInterval how often agents beat; a channel silent for three intervals is closed
 * @param heartbeatJitter agents spread each beat by up to this much either way
 * @param certificateLifetime validity of host client certificates; agents renew after two thirds
 * @param caPassphrase encrypts the CA key in the database; when empty, the passphrase is read from
 *     {@code caPassphraseFile}, which is generated (mode 0600) on first start
 * @param caPassphraseFile where the generated passphrase lives, by default in the data directory
 * @param refusalsPerMinute refused enrollments or hellos allowed per source address per minute
 *     before that address is refused outright
 */
@ConfigurationProperties("loopback.agents")
public record AgentChannelSettings(
    Integer port,
    String bindAddress,
    List<String> advertisedNames,
    String replicaId,
    Duration heartbeatInterval,
    Duration heartbeatJitter,
    Duration certificateLifetime,
    String caPassphrase,
    Path caPassphraseFile,
    Integer refusalsPerMinute) {

  public AgentChannelSettings {
    port = port == null ? 7443 : port;
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
    advertisedNames = advertisedNames == null || advertisedNames.isEmpty()
        ? List.of("localhost", "127.0.0.1", localHostName()) : List.copyOf(advertisedNames);
    replicaId = replicaId == null || replicaId.isBlank() ? localHostName() : replicaId;
    heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(15) : heartbeatInterval;
    heartbeatJitter = heartbeatJitter == null ? heartbeatInterval.dividedBy(5) : heartbeatJitter;
    certificateLifetime = certificateLifetime == null ? Duration.ofDays(7) : certificateLifetime;
    caPassphrase = caPassphrase == null ? "" : caPassphrase;
    caPassphraseFile = caPassphraseFile == null ? Path.of(".loopback", "agent-ca-passphrase") : caPassphraseFile;
    refusalsPerMinute = refusalsPerMinute == null ? 20 : refusalsPerMinute;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("loopback.agents.port must be 0..65535, got " + port);
    }
    if (heartbeatInterval.compareTo(Duration.ofMillis(100)) < 0 || heartbeatJitter.isNegative()
        || heartbeatJitter.compareTo(heartbeatInterval.dividedBy(2)) > 0) {
      throw new IllegalArgumentException("loopback.agents: heartbeat-interval must be at least 100ms and "
          + "heartbeat-jitter at most half of it, got " + heartbeatInterval + " / " + heartbeatJitter);
    }
    if (certificateLifetime.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException("loopback.agents.certificate-lifetime must be at least 10s, got " + certificateLifetime);
    }
    if (!replicaId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new IllegalArgumentException("loopback.agents.replica-id must be 1-63 letters, digits, '.', '_' or '-', got " + replicaId);
    }
  }

  /** These settings with one more advertised name (e.g. the bridge address local machines dial), if it is not there yet. */
  public AgentChannelSettings withAdvertisedName(String name) {
    if (advertisedNames.contains(name)) {
      return this;
    }
    List<String> names = new ArrayList<>(advertisedNames);
    names.add(name);
    return new AgentChannelSettings(port, bindAddress, names, replicaId, heartbeatInterval, heartbeatJitter, certificateLifetime,
        caPassphrase, caPassphraseFile, refusalsPerMinute);
  }

  /** A host whose channel has been silent this long is shown as disconnected, whatever the registry says. */
  public Duration staleAfter() {
    return heartbeatInterval.multipliedBy(3).plus(heartbeatJitter);
  }

  /** The Temporal task queue of this replica's agent-facing worker. */
  public String rpcTaskQueue() {
    return TaskQueues.agentRpc(replicaId);
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
