package dev.loopback.api.downloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A packages directory with small fake packages: these tests are about serving files, not about
 * what is in them. Stable has two .debs (the newer one a release candidate) and a tarball; the
 * preview channel one .deb; a README sits beside them and is not a package.
 */
final class FakePackages implements AutoCloseable {

  static final String OLD_DEB = "loopback-agent_0.9.0_all.deb";
  static final String DEB = "loopback-agent_1.0.0~rc1_all.deb";
  static final String TARBALL = "loopback-agent-1.0.0-rc1-linux.tar.gz";
  static final String PREVIEW_DEB = "loopback-agent_1.1.0~snapshot_all.deb";
  static final int DEB_SIZE = 200_000;

  private final Path dir;

  private FakePackages(Path dir) {
    this.dir = dir;
  }

  static FakePackages create() throws IOException {
    FakePackages packages = new FakePackages(Files.createTempDirectory("loopback-packages"));
    packages.write(OLD_DEB, 1_000, 1);
    packages.write(DEB, DEB_SIZE, 2);
    packages.write(TARBALL, 50_000, 3);
    packages.write("preview/" + PREVIEW_DEB, 2_000, 4);
    Files.writeString(packages.dir.resolve("README.txt"), "not a package\n");
    return packages;
  }

  private void write(String name, int size, long seed) throws IOException {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  Path dir() {
    return dir;
  }

  byte[] bytes(String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }

  String sha512(String name) throws IOException {
    return sha512(bytes(name));
  }

  static String sha512(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
