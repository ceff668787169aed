package dev.loopback.activities.agents.rpc;

import dev.loopback.activities.agents.sessions.AgentSessions;
import dev.loopback.activities.agents.sessions.LiveSession;
import dev.loopback.activities.mesh.MeshRequests;
import dev.loopback.protocol.messages.AgentUpdateRequest;
import dev.loopback.protocol.messages.AgentUpdateResponse;
import dev.loopback.protocol.messages.CommandFailure;
import dev.loopback.protocol.messages.Message;
import dev.loopback.protocol.messages.UpdateCheckResponse;
import dev.loopback.protocol.messages.Envelope;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.PingRequest;
import dev.loopback.protocol.messages.PingResponse;
import dev.loopback.workflows.agents.AgentRpcActivities;
import dev.loopback.workflows.agents.PingAgentRequest;
import dev.loopback.workflows.agents.PingAgentResult;
import dev.loopback.workflows.mesh.MeshBatchRequest;
import dev.loopback.workflows.mesh.MeshBatchResult;
import dev.loopback.workflows.mesh.MeshPushRequest;
import dev.loopback.workflows.mesh.MeshPushResult;
import dev.loopback.workflows.updates.AgentPackage;
import dev.loopback.workflows.updates.AgentUpdateAnswer;
import dev.loopback.workflows.updates.AgentUpdateCommand;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
  /** A self-update answers after its download and verification: within the workflow's activity timeout. */
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(9);
  /** Peer entries (upserts, removals, whole peer lists) in flight from this replica: ~160 bytes of JSON each, so ~32 MB. */
  static final int PEERS_IN_FLIGHT = 200_000;
  /** How often a batch tells Temporal it is alive while it waits: well within the workflow's heartbeat timeout. */
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);
  private final Semaphore peersInFlight = new Semaphore(PEERS_IN_FLIGHT);
  private final AgentSessions sessions;
  private final MeshRequests meshRequests;

  public AgentRpcActivitiesImpl(AgentSessions sessions, MeshRequests meshRequests) {
    this.sessions = sessions;
    this.meshRequests = meshRequests;
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

  /** One host: the batch of one. */
  @Override
  public MeshPushResult applyMesh(MeshPushRequest request) {
    MeshPushResult result = applyMeshBatch(new MeshBatchRequest(List.of(request))).results().get(0);
    if ("NOT_HERE".equals(result.outcome())) {
      throw notHere(request.hostId());
    }
    return result;
  }

  /**
   * Builds the requests here, next to the channels (so workflows carry ids and hashes only), sends
   * them all — smallest first, as the window allows — and waits for every answer, heartbeating so
   * that a batch that makes progress is never cut off. An agent on another base than the delta's gets
   * its whole configuration in a second wave.
   */
  @Override
  public MeshBatchResult applyMeshBatch(MeshBatchRequest batch) {
    long verifyMillis = batch.pushes().stream().mapToLong(MeshPushRequest::verifyTimeoutMillis).max().orElse(0);
    Duration timeout = ANSWER_TIMEOUT.plusMillis(verifyMillis);
    Map<UUID, MeshApplyRequest> requests = meshRequests.requests(batch.pushes().stream()
        .map(push -> new MeshRequests.Wanted(UUID.fromString(push.hostId()), push.revision())).toList(), verifyMillis);
    List<MeshPushResult> results = new ArrayList<>();
    Map<MeshPushRequest, CompletableFuture<Envelope>> sent = new LinkedHashMap<>();
    List<MeshPushRequest> smallFirst = batch.pushes().stream()
        .sorted(Comparator.comparingInt(push -> weight(requests.get(UUID.fromString(push.hostId()))))).toList();
    for (MeshPushRequest push : smallFirst) {
      heartbeat();
      UUID hostId = UUID.fromString(push.hostId());
      MeshApplyRequest request = requests.get(hostId);
      Optional<LiveSession> session = sessions.find(hostId);
      if (request == null) {
        results.add(new MeshPushResult(push.hostId(), push.revision(), "REFUSED", "the host has no stored mesh revision " + push.revision()));
      } else if (session.isEmpty()) {
        results.add(new MeshPushResult(push.hostId(), push.revision(), "NOT_HERE", "no channel on replica " + sessions.replicaId()));
      } else {
        sent.put(push, send(session.get(), request, timeout));
      }
    }
    Map<MeshPushRequest, CompletableFuture<Envelope>> resent = new LinkedHashMap<>();
    sent.forEach((push, answer) -> {
      MeshPushResult result = result(push, answer);
      if ("REFUSED".equals(result.outcome()) && result.reason() != null && result.reason().startsWith(MeshApplyRequest.BASE_MISMATCH)) {
        Optional<LiveSession> session = sessions.find(UUID.fromString(push.hostId()));
        Optional<MeshApplyRequest> full = meshRequests.full(UUID.fromString(push.hostId()), push.revision(), verifyMillis);
        if (session.isPresent() && full.isPresent()) {
          resent.put(push, send(session.get(), full.get(), timeout));
          return;
        }
      }
      results.add(result);
    });
    resent.forEach((push, answer) -> results.add(result(push, answer)));
    return new MeshBatchResult(results);
  }

  /**
   * Sends a request when the window has room for its peers: a whole configuration in a large network,
   * or the delta of a round in which thousands joined, is megabytes of JSON, and hundreds of them
   * queued at once starved every channel's heartbeats. A one-peer delta barely waits. The agent's
   * answer (or the timeout) frees the room; the timeout runs from the send.
   */
  private CompletableFuture<Envelope> send(LiveSession session, MeshApplyRequest request, Duration timeout) {
    int peers = Math.min(PEERS_IN_FLIGHT, weight(request));
    try {
      while (!peersInFlight.tryAcquire(peers, HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
        heartbeat();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    }
    try {
      return session.request(request, timeout).whenComplete((answer, failure) -> peersInFlight.release(peers));
    } catch (RuntimeException e) {
      peersInFlight.release(peers);
      throw e;
    }
  }

  /** Peer entries a request carries, plus one: its share of the window. */
  private static int weight(MeshApplyRequest request) {
    if (request == null) {
      return 0;
    }
    if (request.delta() != null) {
      return 1 + request.delta().upserts().size() + request.delta().removals().size();
    }
    return 1 + request.config().peers().size();
  }

  /** Throttled by the SDK: calling it often costs nothing. */
  private static void heartbeat() {
    Activity.getExecutionContext().heartbeat(null);
  }

  private static MeshPushResult result(MeshPushRequest push, CompletableFuture<Envelope> answer) {
    Envelope envelope;
    try {
      while (true) {
        try {
          envelope = answer.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException stillWaiting) {
          heartbeat();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        return new MeshPushResult(push.hostId(), push.revision(), "TIMED_OUT", "the agent did not answer in time");
      }
      return new MeshPushResult(push.hostId(), push.revision(), "NOT_HERE", "the channel closed: " + e.getCause().getMessage());
    }
    if (envelope.message() instanceof MeshApplyResponse response) {
      return new MeshPushResult(push.hostId(), push.revision(), response.outcome() == null ? "FAILED" : response.outcome().name(),
          response.reason());
    }
    CommandFailure failure = (CommandFailure) envelope.message();
    return new MeshPushResult(push.hostId(), push.revision(), "REFUSED", "agent: " + failure.code() + " " + failure.message());
  }

  /** Waits while the agent downloads, verifies and installs the release: it answers once it has, or refused. */
  @Override
  public AgentUpdateAnswer updateAgent(AgentUpdateCommand command) {
    LiveSession session = sessions.find(UUID.fromString(command.hostId())).orElseThrow(() -> notHere(command.hostId()));
    AgentPackage p = command.release();
    UpdateCheckResponse release = new UpdateCheckResponse(true, "agent", p.version(), p.channel(), p.arch(), p.format(), p.size(),
        p.sha512(), p.signature(), p.signatureKeyId(), p.url(), p.notes());
    Envelope answer = await(session, new AgentUpdateRequest(release, command.checkInSeconds()), command.hostId(), INSTALL_TIMEOUT);
    if (answer.message() instanceof AgentUpdateResponse response) {
      return response.outcome() == AgentUpdateResponse.Outcome.RESTARTING ? new AgentUpdateAnswer(true, null, null)
          : new AgentUpdateAnswer(false, response.field(), response.reason());
    }
    CommandFailure failure = (CommandFailure) answer.message();
    return new AgentUpdateAnswer(false, failure.code(), failure.message());
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
