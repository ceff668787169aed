/** Structured logs: logfmt lines on stdout for the journal, with the level taken from the configuration. */
package dev.loopback.agent.logging;
