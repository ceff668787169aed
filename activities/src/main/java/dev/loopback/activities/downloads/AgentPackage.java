package dev.loopback.activities.downloads;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One published agent package.
 *
 * @param file the name it is served and installed by, e.g. {@code loopback-agent_1.2.0_all.deb}
 * @param version as the file name has it (Debian's form for a .deb, Maven's for a tarball)
 * @param arch {@code all} for the Java agent
 * @param sha512 lowercase hex
 * @param content where the bytes are; never shown to clients
 */
public record AgentPackage(String file, String version, String arch, PackageFormat format, long size, Instant lastModified,
    String sha512, Path content) {}
