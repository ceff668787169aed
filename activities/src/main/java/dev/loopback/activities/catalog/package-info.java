/**
 * The release catalog: agent and module releases by channel, their signed packages, and the update
 * check that answers running agents from an in-memory index of what is published.
 *
 * <p>Rules, in one place ({@link dev.loopback.activities.catalog.UpdateCheck}): only published
 * releases of the requested channel; higher than the running version by semver precedence (build
 * metadata ignored); a pre-release only on a channel that allows them; the running version must be
 * admitted by the release's eligibility ({@link dev.loopback.activities.catalog.Eligibility}); for a
 * module, the core agent version by its {@code requiresCore}; a package for the architecture. The
 * next version is the highest such release — so a release whose eligibility starts above the
 * running version is reached in steps, through the highest release that admits it.
 */
package dev.loopback.activities.catalog;
