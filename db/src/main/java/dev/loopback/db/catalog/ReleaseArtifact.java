package dev.loopback.db.catalog;

import java.time.Instant;
import java.util.UUID;

/** A release's package for one architecture and format, with what proves it is the operator's. */
public record ReleaseArtifact(UUID releaseId, String arch, String format, String fileName, long size, String sha512, String signature,
    String signatureKeyId, Instant createdAt) {
}
