package dev.loopback.activities.providers.netns;

import dev.loopback.activities.providers.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * A machine's disk: the skeleton its root is mounted on, and the upper layers that make the host's
 * /usr, /etc, /var, /opt and /root its own copy-on-write. Laid out under the machine directory:
 * <pre>
 * root/                    mount points, and bin, sbin, lib* as symlinks into usr/ (as on Debian 12)
 * upper/{usr,etc,var,...}  the machine's changes; upper/usr holds its init and systemctl shim
 * work/{usr,etc,var,...}   overlayfs scratch space
 * </pre>
 * Nothing is mounted here: {@code boot.sh} mounts inside the machine's own mount namespace.
 */
final class MachineDisk {
  /** Host directories every machine sees copy-on-write; boot.sh mounts the same list. */
  static final List<String> LAYERS = List.of("usr", "etc", "var", "opt", "root");
  private static final List<String> MOUNT_POINTS = List.of("tmp", "run", "dev", "proc", "sys", "home", "srv", "mnt", "media", "boot");
  private static final List<String> USR_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
  static final String INIT = "usr/sbin/loopback-netns-init";
  static final String USER_DATA = "var/lib/loopback-netns/user-data";
  static final String USER_DATA_STATUS = "var/lib/loopback-netns/user-data.status";
  private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Path HOST = Path.of("/");

  private final Path dir;

  MachineDisk(Path machineDir) {
    this.dir = machineDir;
  }

  /** Lays out the disk and writes the user data, readable by root alone, for the init's first boot. */
  void create(String userData) {
    try {
      Path root = dir.resolve("root");
      Files.createDirectories(root);
      for (String layer : LAYERS) {
        mirrorDirectory(HOST.resolve(layer), dir.resolve("upper").resolve(layer));
        Files.createDirectories(dir.resolve("work").resolve(layer));
        Files.createDirectories(root.resolve(layer));
      }
      for (String mountPoint : MOUNT_POINTS) {
        Files.createDirectories(root.resolve(mountPoint));
      }
      for (String link : USR_LINKS) {
        if (Files.isDirectory(HOST.resolve("usr").resolve(link), LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(root.resolve(link), Path.of("usr", link));
        }
      }
      install("netns/loopback-netns-init", INIT);
      install("netns/systemctl", "usr/bin/systemctl");
      hideDockerPolicy();
      if (!userData.isEmpty()) {
        writeUserData(userData);
      }
    } catch (IOException e) {
      throw new ProviderException("cannot lay out the machine's disk in " + dir + ": " + e, true, e);
    }
  }

  /** The first boot's user-data exit status, once it has run. */
  String userDataStatus() {
    try {
      Path status = upper(USER_DATA_STATUS);
      return Files.isRegularFile(status, LinkOption.NOFOLLOW_LINKS) ? Files.readString(status).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private void install(String resource, String target) throws IOException {
    Path file = upper(target);
    mirrorParents(target);
    try (InputStream in = MachineDisk.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the build");
      }
      Files.write(file, in.readAllBytes());
    }
    Files.setPosixFilePermissions(file, EXECUTABLE);
  }

  /**
   * Docker images ship a policy-rc.d that forbids starting services, which would stop package
   * maintainer scripts from starting their units as they would on a real host; an overlay whiteout
   * (a 0/0 character device in the upper layer) hides it from the machine.
   */
  private void hideDockerPolicy() throws IOException {
    String policy = "usr/sbin/policy-rc.d";
    if (Files.exists(HOST.resolve(policy), LinkOption.NOFOLLOW_LINKS) && !Files.exists(upper(policy), LinkOption.NOFOLLOW_LINKS)) {
      mirrorParents(policy);
      Command.run("mknod", "-m", "000", upper(policy).toString(), "c", "0", "0");
    }
  }

  private void writeUserData(String userData) throws IOException {
    Path file = upper(USER_DATA);
    mirrorParents("var/lib/loopback-netns");
    Path stateDir = file.getParent();
    if (!Files.isDirectory(stateDir)) {
      Files.createDirectory(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    // Created 0600 before the first byte is written: the secret is never readable by others.
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
      out.write(userData.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Path upper(String relative) {
    return dir.resolve("upper").resolve(relative);
  }

  /** Creates the parents of {@code relative} in the upper layer with the host's owners and modes. */
  private void mirrorParents(String relative) throws IOException {
    Path path = Path.of(relative);
    for (int i = 1; i < path.getNameCount(); i++) {
      Path sub = path.subpath(0, i);
      mirrorDirectory(HOST.resolve(sub.toString()), dir.resolve("upper").resolve(sub.toString()));
    }
  }

  /**
   * An upper-layer directory's owner and mode override the host's in the merged view, so a directory
   * made with defaults would, say, open up /root or lock out users from /var/lib.
   */
  private static void mirrorDirectory(Path host, Path upper) throws IOException {
    if (Files.isDirectory(upper, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.createDirectories(upper);
    if (Files.isDirectory(host)) {
      PosixFileAttributes attributes = Files.readAttributes(host, PosixFileAttributes.class);
      PosixFileAttributeView view = Files.getFileAttributeView(upper, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      view.setOwner(attributes.owner());
      view.setGroup(attributes.group());
      view.setPermissions(attributes.permissions());
    }
  }
}
