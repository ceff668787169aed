package dev.loopback.agent.mesh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files only the agent's user may read, written so that a crash leaves the old content or the new,
 * never a torn mix: a temporary file in the same directory, created 0600 from the first instant (a
 * chmod afterwards would leave a window in which a key is readable by others), fsynced, then renamed
 * over the target.
 */
final class PrivateFiles {
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateFiles() {
  }

  /** Creates {@code directory} (and missing parents) 0700 if it does not exist. */
  static void directory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, DIRECTORY);
    }
  }

  /** Replaces {@code file} with {@code content} in one rename. */
  static void write(Path file, byte[] content) throws IOException {
    directory(file.getParent());
    Path temporary = temporaryBeside(file);
    try {
      writeNew(temporary, content);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsync(file.getParent());
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** A fresh 0600 file that did not exist before; the caller deletes it. */
  static void writeNew(Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE)) {
      ByteBuffer bytes = ByteBuffer.wrap(content);
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
  }

  static Path temporaryBeside(Path file) {
    return file.resolveSibling("." + file.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
  }

  private static void fsync(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
