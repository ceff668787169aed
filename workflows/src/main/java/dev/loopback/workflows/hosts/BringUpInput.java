package dev.loopback.workflows.hosts;

import java.time.Duration;
import java.util.List;

/**
 * @param provider null to adopt an existing machine (the operator runs the install script), else the
 *     name of a compute provider that creates one
 * @param spec provider-specific machine spec reference (size, image, ...), ignored when adopting
 * @param tokenId the single-use install token minted for this host; for a provisioned host the
 *     provision activity mints it and hands its secret to the machine, never to this workflow
 * @param checkInDeadline how long to wait for the agent's first session
 * @param steps configuration steps to apply after check-in, in order (e.g. {@code mesh},
 *     {@code modules}); each is carried out by the activity registered under that name
 */
public record BringUpInput(String hostId, String workspaceId, String provider, String spec, String tokenId,
    Duration checkInDeadline, List<String> steps) {
}
