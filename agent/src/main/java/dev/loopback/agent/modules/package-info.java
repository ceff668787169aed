/**
 * The module runtime: modules are separate processes the agent installs side by side by version,
 * starts with the policy the control plane sent, supervises and reports in its heartbeat. A module
 * that fails to start or keeps crashing is reported {@code failed} (the host shows DEGRADED); the
 * core agent — channel, heartbeat, inventory, mesh — never depends on it.
 */
package dev.loopback.agent.modules;
