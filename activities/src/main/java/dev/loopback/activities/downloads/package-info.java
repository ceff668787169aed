/**
 * What a host needs before it has any credential: the agent packages of each release channel, and
 * the facts an install script embeds (where the gateway is, which CA to pin). Everything here is
 * served without authentication, so the rule that protects it is that nothing here is secret: no
 * token, key or tenant data beyond whether a workspace id exists.
 *
 * <p>Packages come from an {@link dev.loopback.activities.downloads.AgentPackageSource}; today a
 * directory ({@link dev.loopback.activities.downloads.DirectoryPackageSource}), later the catalog.
 * A file is only ever served by a name its channel's listing holds, so a request cannot name a path.
 */
package dev.loopback.activities.downloads;
