package dev.loopback.activities.agents.rpc;

import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.LiveSession;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Envelope;
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

  public AgentRpcActivitiesImpl(AgentSessions sessions) {
    this.sessions = sessions;
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

  private Envelope await(LiveSession session, PingRequest request, String hostId) {
    try {
      return session.request(request, ANSWER_TIMEOUT).get();
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
