package dev.loopback.workflows.updates;

/**
 * The agent release an update installs, exactly as the catalog offered it when the operator asked:
 * the workflow sends these fields and the agent verifies the package against them.
 */
public record AgentPackage(String version, String channel, String arch, String format, long size, String sha512, String signature,
    String signatureKeyId, String url, String notes) {
}
