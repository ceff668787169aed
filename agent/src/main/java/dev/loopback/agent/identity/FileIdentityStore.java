package dev.loopback.agent.identity;

import dev.loopback.protocol.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The identity on disk, as {@code <state-dir>/identity/{key.pem, cert.pem, ca.pem, host-id}}.
 *
 * <p>Four files cannot be renamed into place in one step, and renaming them one by one would let a
 * crash during certificate renewal leave the new key beside the old certificate — an identity that
 * can never complete a TLS handshake. So each save writes a complete generation directory
 * {@code identity-<gen>/} (created as {@code identity-<gen>.tmp/}, fsynced, then renamed), and
 * {@code identity} is a symbolic link to the current generation, replaced with one atomic
 * {@code rename(2)}. A reader sees the old set or the new set; a crash leaves at worst an unreferenced
 * {@code identity-*} entry, which loading ignores and the next save removes.
 *
 * <p>Directories are created 0700 and files 0600 with those permissions from the first instant (a
 * chmod after creation would leave a window in which the key is readable by others).
 */
public final class FileIdentityStore implements IdentityStore {
  static final String LINK = "identity";
  static final String KEY = "key.pem";
  static final String CERTIFICATE = "cert.pem";
  static final String CA = "ca.pem";
  static final String HOST_ID = "host-id";
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path stateDir;

  public FileIdentityStore(Path stateDir) {
    this.stateDir = stateDir.toAbsolutePath();
  }

  /** The directory that holds the current identity's files. */
  public Path directory() {
    return stateDir.resolve(LINK);
  }

  @Override
  public Optional<Identity> load() {
    Path dir = directory();
    if (!Files.exists(dir)) {
      if (Files.isSymbolicLink(dir)) {
        throw new UncheckedIOException(new IOException(dir + " points to a missing directory; the identity is lost"));
      }
      return Optional.empty();
    }
    String hostId = read(dir.resolve(HOST_ID)).strip();
    PrivateKey key = parse(dir.resolve(KEY), text -> Pem.privateKey(text));
    X509Certificate certificate = parse(dir.resolve(CERTIFICATE), text -> Pem.certificate(text));
    X509Certificate ca = parse(dir.resolve(CA), text -> Pem.certificate(text));
    if (!matches(key, certificate)) {
      throw new UncheckedIOException(new IOException(dir.resolve(KEY) + " is not the key of " + dir.resolve(CERTIFICATE)));
    }
    try {
      return Optional.of(new Identity(hostId, key, certificate, ca));
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException(dir.resolve(HOST_ID) + " is empty"));
    }
  }

  @Override
  public void save(Identity identity) {
    String generation = "identity-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    Path staging = stateDir.resolve(generation + ".tmp");
    Path complete = stateDir.resolve(generation);
    Path newLink = stateDir.resolve(generation + ".link.tmp");
    try {
      if (!Files.isDirectory(stateDir)) {
        Files.createDirectories(stateDir, DIRECTORY);
      }
      Files.createDirectory(staging, DIRECTORY);
      write(staging.resolve(KEY), pkcs8(identity.privateKey()));
      write(staging.resolve(CERTIFICATE), Pem.encode(identity.certificate()));
      write(staging.resolve(CA), Pem.encode(identity.ca()));
      write(staging.resolve(HOST_ID), identity.hostId() + "\n");
      fsync(staging);
      Files.move(staging, complete, StandardCopyOption.ATOMIC_MOVE);
      Files.createSymbolicLink(newLink, Path.of(generation));
      Path link = directory();
      if (Files.isDirectory(link) && !Files.isSymbolicLink(link)) {
        // A plain directory (restored from a backup, say) cannot be replaced by rename(2); move it aside first.
        Files.move(link, stateDir.resolve(generation + "-previous"), StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE);
      fsync(stateDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the identity in " + stateDir + ": " + e.getMessage(), e);
    }
    removeAllBut(generation);
  }

  private void removeAllBut(String current) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir, "identity-*")) {
      for (Path entry : entries) {
        if (!entry.getFileName().toString().equals(current)) {
          deleteRecursively(entry);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Leftovers are harmless: loading never looks at them and the next save tries again.
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path) && !Files.isSymbolicLink(path)) {
      try (Stream<Path> tree = Files.walk(path)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      Files.deleteIfExists(path);
    }
  }

  /**
   * PKCS#8 ("BEGIN PRIVATE KEY"), the form {@code openssl genpkey} writes. Not {@code Pem.encode}: for
   * a JDK EC key it writes the traditional "EC PRIVATE KEY" form without the public key, which
   * {@code Pem.privateKey} cannot read back.
   */
  static String pkcs8(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private static void write(Path file, String text) throws IOException {
    try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
  }

  private static void fsync(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("the identity is incomplete: " + file + " is missing", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static <T> T parse(Path file, java.util.function.Function<String, T> parser) {
    String text = read(file);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException(file + " is not valid PEM: " + e.getMessage(), e));
    }
  }

  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    try {
      String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
      byte[] probe = "loopback identity check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
