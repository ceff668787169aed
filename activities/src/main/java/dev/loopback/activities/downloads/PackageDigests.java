package dev.loopback.activities.downloads;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * SHA-512 of package files, computed once per (path, size, modification time): packages are tens of
 * megabytes, every index and install script names their digests, and a published file does not
 * change. A file replaced in place gets a new stamp, so it is hashed again.
 */
final class PackageDigests {

  private record Stamp(long size, FileTime modified) {}

  private record Known(Stamp stamp, String sha512) {}

  private final ConcurrentMap<Path, Known> known = new ConcurrentHashMap<>();

  String sha512(Path file, BasicFileAttributes attributes) {
    Stamp stamp = new Stamp(attributes.size(), attributes.lastModifiedTime());
    Known cached = known.get(file);
    if (cached != null && cached.stamp().equals(stamp)) {
      return cached.sha512();
    }
    String hex = hash(file);
    // Hazard: a file being rewritten while it was read would pair a torn digest with the new stamp;
    // cache only if the file is still what it was when listed (the next call hashes again otherwise).
    if (stamp.equals(stampOf(file))) {
      known.put(file, new Known(stamp, hex));
    }
    return hex;
  }

  private static Stamp stampOf(Path file) {
    try {
      BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(now.size(), now.lastModifiedTime());
    } catch (IOException e) {
      return null;
    }
  }

  private static String hash(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read package " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }
}
