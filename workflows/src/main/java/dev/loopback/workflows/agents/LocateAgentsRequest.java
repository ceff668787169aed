package dev.loopback.workflows.agents;

import java.util.List;

public record LocateAgentsRequest(List<String> hostIds) {
}
