package dev.loopback.workflows.hosts;

import java.time.Duration;

/**
 * @param tokenTtl how long the install token minted for the machine stays valid (the check-in
 *     deadline); the token's secret goes to the machine, never into this workflow's history
 */
public record ProvisionRequest(String hostId, String workspaceId, String provider, String spec, Duration tokenTtl) {
}
