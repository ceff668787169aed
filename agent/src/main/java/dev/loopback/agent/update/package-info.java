/**
 * Agent and module updates, host side: fetching an offered package and verifying it against the
 * signing keys pinned at install before anything uses it. Installing beside the running version,
 * restarting into it and rolling back come next (issue 6).
 */
package dev.loopback.agent.update;
