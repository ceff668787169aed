/**
 * The host agent. {@link dev.loopback.agent.Agent} is one host's agent and the library's front door
 * (the fleet simulator runs thousands of them on one event loop group); {@link dev.loopback.agent.AgentMain}
 * only loads the configuration, wires one agent and waits for a signal.
 */
package dev.loopback.agent;
