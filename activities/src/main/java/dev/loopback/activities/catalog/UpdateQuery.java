package dev.loopback.activities.catalog;

/**
 * A running agent's question: is there a newer published version of {@code component} on my channel?
 *
 * @param version the version it runs
 * @param arch its architecture, as packages name it ({@code amd64}, {@code arm64})
 * @param format {@code deb} or {@code tar.gz}; null: any
 * @param coreVersion for a module, the core agent version it would run under; null for the agent
 */
public record UpdateQuery(String component, String channel, String version, String arch, String format, String coreVersion) {
}
