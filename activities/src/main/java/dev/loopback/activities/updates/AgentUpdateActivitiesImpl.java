package dev.loopback.activities.updates;

import dev.loopback.workflows.updates.AgentUpdateActivities;
import dev.loopback.workflows.updates.AgentUpdateOutcome;
import org.springframework.stereotype.Component;

@Component
public class AgentUpdateActivitiesImpl implements AgentUpdateActivities {
  private final AgentUpdates updates;

  public AgentUpdateActivitiesImpl(AgentUpdates updates) {
    this.updates = updates;
  }

  @Override
  public void finish(AgentUpdateOutcome outcome) {
    updates.finish(outcome);
  }
}
