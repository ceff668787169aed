package dev.loopback.workflows.agents;

import io.temporal.activity.ActivityInterface;

/** Reads the session registry: which replica holds a host's channel. Runs on the control queue. */
@ActivityInterface
public interface AgentLocatorActivities {
  AgentLocation locate(LocateAgentRequest request);

  /** One registry read for a whole batch of hosts (a network apply locates thousands at once). */
  AgentLocations locateAll(LocateAgentsRequest request);
}
