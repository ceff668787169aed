package dev.loopback.activities.providers.netns;

import dev.loopback.activities.providers.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a machine's directory without ever leaving it. A machine directory is the upper layer of
 * overlays whose lower layers are the host's /usr and /etc: a delete that followed a symlink or
 * crossed into a mount would wipe the host. So it refuses while anything is mounted at or under the
 * directory (in this process's mount namespace, where machines never mount), never follows symlinks
 * (a link is removed, not its target), and stops at any directory on another device.
 */
final class SafeDelete {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private SafeDelete() {}

  static void tree(Path dir) {
    Path given = dir.toAbsolutePath().normalize();
    if (!Files.exists(given, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(given, LinkOption.NOFOLLOW_LINKS)) {
      throw new ProviderException("refusing to delete " + given + ": not a directory (a symlink?)", false);
    }
    Path root;
    try {
      root = given.toRealPath(); // mountinfo names real paths; the last component is no link (checked above)
    } catch (IOException e) {
      throw new ProviderException("cannot resolve " + given + ": " + e, true, e);
    }
    List<String> mounted = mountsUnder(root, readMountinfo());
    if (!mounted.isEmpty()) {
      throw new ProviderException("refusing to delete " + root + ": mounted on it: " + String.join(", ", mounted), false);
    }
    try {
      Object device = Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS);
      // walkFileTree without FOLLOW_LINKS reports symlinks as files: deleting one removes the link.
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          if (!device.equals(Files.getAttribute(d, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
            throw new ProviderException("refusing to delete " + root + ": " + d + " is on another file system", false);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
          if (failure != null) {
            throw failure;
          }
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException gone) {
      // deleted concurrently: the goal is reached
    } catch (IOException e) {
      throw new ProviderException("cannot delete " + root + ": " + e, true, e);
    }
  }

  /** Mount points at or below {@code root}, from the text of a mountinfo file. */
  static List<String> mountsUnder(Path root, List<String> mountinfo) {
    List<String> found = new ArrayList<>();
    for (String line : mountinfo) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        Path mountPoint = Path.of(unescape(fields[4]));
        if (mountPoint.startsWith(root)) {
          found.add(mountPoint.toString());
        }
      }
    }
    return found;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes (\040 ...). */
  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static List<String> readMountinfo() {
    try {
      return Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProviderException("cannot read " + MOUNTINFO + " to check nothing is mounted before deleting: " + e, true, e);
    }
  }
}
