package dev.loopback.protocol.messages;

/**
 * One module a host should run: which release (the package to fetch, as the update check describes
 * it), with what policy (JSON, handed to the module as it is), or {@code enabled} false to stop it
 * ({@code release} may then be null).
 */
public record DesiredModule(String name, boolean enabled, String policyJson, UpdateCheckResponse release) {
}
