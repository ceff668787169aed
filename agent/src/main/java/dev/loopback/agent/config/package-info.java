/**
 * The agent's configuration file and environment. Rule: every value is validated at start, and a
 * bad one is refused naming its field and source; the token is never printed.
 */
package dev.loopback.agent.config;
