/** What the agent reports about its machine: version, uptime, facts, module states. */
package dev.loopback.agent.host;
