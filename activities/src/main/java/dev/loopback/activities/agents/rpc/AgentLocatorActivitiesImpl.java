package dev.loopback.activities.agents.rpc;

import dev.loopback.db.hosts.AgentSession;
import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.workflows.agents.AgentLocation;
import dev.loopback.workflows.agents.AgentLocations;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.LocateAgentRequest;
import dev.loopback.workflows.agents.LocateAgentsRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Answers from the session registry in PostgreSQL, which every replica writes and reads. */
@Component
public class AgentLocatorActivitiesImpl implements AgentLocatorActivities {
  /** Ids per registry query: PostgreSQL takes at most 65,535 bind parameters, and short IN lists plan well. */
  static final int IDS_PER_QUERY = 1000;

  private final AgentSessionRepository registry;

  public AgentLocatorActivitiesImpl(AgentSessionRepository registry) {
    this.registry = registry;
  }

  @Override
  public AgentLocation locate(LocateAgentRequest request) {
    return new AgentLocation(request.hostId(),
        registry.find(UUID.fromString(request.hostId())).map(session -> session.replicaId()).orElse(null));
  }

  @Override
  public AgentLocations locateAll(LocateAgentsRequest request) {
    List<String> hostIds = request.hostIds();
    Map<String, String> replicaByHost = new HashMap<>();
    for (int from = 0; from < hostIds.size(); from += IDS_PER_QUERY) {
      List<UUID> chunk = hostIds.subList(from, Math.min(hostIds.size(), from + IDS_PER_QUERY)).stream().map(UUID::fromString).toList();
      for (AgentSession session : registry.findAll(chunk)) {
        replicaByHost.put(session.hostId().toString(), session.replicaId());
      }
    }
    // Hosts keep the order they were asked in, so the workflow's batches follow its plan.
    Map<String, List<String>> byReplica = new TreeMap<>();
    List<String> notConnected = new ArrayList<>();
    for (String hostId : hostIds) {
      String replicaId = replicaByHost.get(UUID.fromString(hostId).toString());
      if (replicaId == null) {
        notConnected.add(hostId);
      } else {
        byReplica.computeIfAbsent(replicaId, replica -> new ArrayList<>()).add(hostId);
      }
    }
    return new AgentLocations(byReplica, notConnected);
  }
}
