package dev.loopback.activities.agents.sessions;

import dev.loopback.activities.agents.AgentChannelSettings;
import dev.loopback.activities.hosts.HostRevoked;
import dev.loopback.db.hosts.AgentSession;
import dev.loopback.db.hosts.AgentSessionRepository;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The sessions this replica holds, in memory (to write to the channel) and in the PostgreSQL
 * session registry (so any replica's workflows can find the right {@code agent-rpc/<replicaId>}
 * queue). A host has at most one session: a newer one replaces and closes the older.
 */
@Component
public class AgentSessions {
  private static final Logger log = LoggerFactory.getLogger(AgentSessions.class);
  private final Map<UUID, LiveSession> local = new ConcurrentHashMap<>();
  private final AgentSessionRepository registry;
  private final AgentChannelSettings settings;
  private final Clock clock;

  public AgentSessions(AgentSessionRepository registry, AgentChannelSettings settings, Clock clock) {
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
  }

  /** At startup: rows this replica left behind when it last stopped are not sessions any more. */
  public void forgetPreviousRun() {
    int stale = registry.closeAllOf(settings.replicaId());
    if (stale > 0) {
      log.info("Cleared {} sessions left by this replica's previous run", stale);
    }
  }

  /** Blocking (database): call off the event loop. */
  public void open(LiveSession session, String remoteAddress) {
    registry.open(new AgentSession(session.hostId(), session.sessionId(), settings.replicaId(), remoteAddress, clock.instant()));
    LiveSession previous = local.put(session.hostId(), session);
    if (previous != null && previous != session) {
      log.atInfo().addKeyValue("hostId", session.hostId()).log("Host opened a new session; closing its previous channel");
      previous.channel().close();
    }
  }

  /** Blocking (database): call off the event loop. */
  public void close(LiveSession session, Throwable reason) {
    local.remove(session.hostId(), session);
    session.failAll(reason);
    registry.close(session.hostId(), session.sessionId());
  }

  /** After the revocation commits, so that the agent's reconnect already finds the host revoked. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  public void onRevoked(HostRevoked revoked) {
    find(revoked.hostId()).ifPresent(session -> {
      log.atInfo().addKeyValue("hostId", revoked.hostId()).log("Host revoked; closing its channel");
      session.channel().close();
    });
  }

  public Optional<LiveSession> find(UUID hostId) {
    return Optional.ofNullable(local.get(hostId));
  }

  public int count() {
    return local.size();
  }

  public String replicaId() {
    return settings.replicaId();
  }
}
