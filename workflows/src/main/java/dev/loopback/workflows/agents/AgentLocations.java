package dev.loopback.workflows.agents;

import java.util.List;
import java.util.Map;

/** Where many hosts' channels are: host ids by replica, and the hosts with no live channel. */
public record AgentLocations(Map<String, List<String>> byReplica, List<String> notConnected) {
}
