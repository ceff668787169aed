package dev.loopback.activities.catalog;

import java.time.Instant;
import java.util.List;

/** The next version for an update check, with what the agent needs to fetch and verify its package. */
public record UpdateOffer(String component, String version, String channel, String notes, List<String> moduleTags, String arch,
    String format, long size, String sha512, String signature, String signatureKeyId, String url, Instant publishedAt) {
}
