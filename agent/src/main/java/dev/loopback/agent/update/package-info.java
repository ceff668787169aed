/**
 * Agent and module updates, host side: fetching an offered package and verifying it against the
 * signing keys pinned at install before anything uses it ({@link dev.loopback.agent.update.PackageFetcher}),
 * and the agent's own updates: installed beside the running version ({@link
 * dev.loopback.agent.update.AgentInstaller}), restarted into, committed at the first session and
 * rolled back by the launcher otherwise ({@link dev.loopback.agent.update.ReleaseDirectory} holds
 * the files both sides share).
 */
package dev.loopback.agent.update;
