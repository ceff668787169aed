/**
 * The channel to the control plane: dialling ({@link dev.loopback.agent.channel.AgentClient}), the
 * pipeline ({@link dev.loopback.agent.channel.AgentChannelInitializer}), the session
 * ({@link dev.loopback.agent.channel.AgentChannelHandler}) and reconnect delays
 * ({@link dev.loopback.agent.channel.Backoff}). Rule: everything here runs on the channel's event
 * loop and never blocks it; timers are the loop's scheduled tasks, never threads.
 */
package dev.loopback.agent.channel;
