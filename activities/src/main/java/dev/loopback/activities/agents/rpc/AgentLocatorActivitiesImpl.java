package dev.loopback.activities.agents.rpc;

import dev.loopback.db.hosts.AgentSessionRepository;
import dev.loopback.workflows.agents.AgentLocation;
import dev.loopback.workflows.agents.AgentLocatorActivities;
import dev.loopback.workflows.agents.LocateAgentRequest;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Answers from the session registry in PostgreSQL, which every replica writes and reads. */
@Component
public class AgentLocatorActivitiesImpl implements AgentLocatorActivities {
  private final AgentSessionRepository registry;

  public AgentLocatorActivitiesImpl(AgentSessionRepository registry) {
    this.registry = registry;
  }

  @Override
  public AgentLocation locate(LocateAgentRequest request) {
    return new AgentLocation(request.hostId(),
        registry.find(UUID.fromString(request.hostId())).map(session -> session.replicaId()).orElse(null));
  }
}
