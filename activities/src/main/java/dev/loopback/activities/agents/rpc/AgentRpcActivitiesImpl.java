package dev.loopback.activities.agents.rpc;

import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.LiveSession;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.WireGuardConfig;
import dev.loopback.db.networks.MeshRevisionRepository;
import dev.loopback.workflows.mesh.MeshPushRequest;
import dev.loopback.workflows.mesh.MeshPushResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.agents.PingAgentRequest;
import dev.loopback.workflows.agents.PingAgentResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Runs on this replica's {@code agent-rpc/<replicaId>} queue, where the agent's channel is. If the
 * channel is not here (the agent moved, or disconnected), fails at once with
 * {@link AgentRpcActivities#AGENT_NOT_HERE} so the workflow re-locates it.
 */
@Component
public class AgentRpcActivitiesImpl implements AgentRpcActivities {
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  private final AgentSessions sessions;
  private final MeshRevisionRepository revisions;
  private final ObjectMapper json;

  public AgentRpcActivitiesImpl(AgentSessions sessions, MeshRevisionRepository revisions, ObjectMapper json) {
    this.sessions = sessions;
    this.revisions = revisions;
    this.json = json;
  }

  @Override
  public PingAgentResult ping(PingAgentRequest request) {
    LiveSession session = sessions.find(UUID.fromString(request.hostId())).orElseThrow(() -> notHere(request.hostId()));
    long started = System.nanoTime();
    Envelope answer = await(session, new PingRequest(request.requestId()), request.hostId());
    long micros = (System.nanoTime() - started) / 1000;
    if (answer.message() instanceof PingResponse pong) {
      return new PingAgentResult(request.hostId(), sessions.replicaId(), micros, pong.agentVersion(), pong.uptimeSeconds());
    }
    CommandFailure failure = (CommandFailure) answer.message();
    throw ApplicationFailure.newNonRetryableFailure("agent refused the ping: " + failure.message(), "AgentCommandFailed");
  }

  /** Loads the stored revision here, next to the channel, so the workflow never carries a configuration. */
  @Override
  public MeshPushResult applyMesh(MeshPushRequest request) {
    UUID hostId = UUID.fromString(request.hostId());
    var stored = revisions.find(hostId, request.revision()).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "host " + hostId + " has no mesh revision " + request.revision(), "NoSuchRevision"));
    LiveSession session = sessions.find(hostId).orElseThrow(() -> notHere(request.hostId()));
    WireGuardConfig config;
    try {
      config = json.readValue(stored.configJson(), WireGuardConfig.class);
    } catch (JsonProcessingException e) {
      throw ApplicationFailure.newNonRetryableFailure("stored mesh revision " + request.revision() + " of host " + hostId
          + " is unreadable: " + e.getOriginalMessage(), "BadRevision");
    }
    Envelope answer = await(session, new MeshApplyRequest(stored.revision(), stored.hash(), config, request.verifyTimeoutMillis()),
        request.hostId(), ANSWER_TIMEOUT.plusMillis(request.verifyTimeoutMillis()));
    if (answer.message() instanceof MeshApplyResponse response) {
      return new MeshPushResult(request.hostId(), request.revision(), response.outcome() == null ? "FAILED" : response.outcome().name(),
          response.reason());
    }
    CommandFailure failure = (CommandFailure) answer.message();
    return new MeshPushResult(request.hostId(), request.revision(), "REFUSED", "agent: " + failure.code() + " " + failure.message());
  }

  private Envelope await(LiveSession session, PingRequest request, String hostId) {
    return await(session, request, hostId, ANSWER_TIMEOUT);
  }

  private Envelope await(LiveSession session, Message request, String hostId, Duration timeout) {
    try {
      return session.request(request, timeout).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw ApplicationFailure.newNonRetryableFailure(e.getCause().getMessage(), AGENT_TIMEOUT);
      }
      throw notHere(hostId);
    }
  }

  private ApplicationFailure notHere(String hostId) {
    return ApplicationFailure.newNonRetryableFailure("host " + hostId + " has no channel on replica " + sessions.replicaId(), AGENT_NOT_HERE);
  }
}
