/**
 * Agent tokens: workspace-scoped bearer secrets used once, for an agent's first join.
 * {@link dev.loopback.activities.tokens.AgentTokens} is the only way in: it mints (secret shown once,
 * only a hash kept), lists (never the secret), revokes, and validates a presented token for the
 * agent channel, auditing every change in the same transaction.
 */
package dev.loopback.activities.tokens;
