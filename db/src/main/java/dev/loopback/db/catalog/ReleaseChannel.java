package dev.loopback.db.catalog;

/** A release channel and whether it offers pre-release versions. */
public record ReleaseChannel(String name, boolean allowsPrereleases) {
}
