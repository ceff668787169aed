package dev.loopback.activities.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Package files under {@code <data dir>/catalog/<component>/<version>/}. An upload is written to
 * {@code .incoming/} while its SHA-512 is computed and moved into place only once it is accepted,
 * so a refused or broken upload never leaves a file where downloads look.
 */
public final class CatalogFiles {
  private final Path root;

  public CatalogFiles(Path root) {
    this.root = root.toAbsolutePath();
  }

  /** An upload on disk, not yet in place. */
  public record Incoming(Path file, String sha512, long size) {
  }

  /** Thrown when a body is larger than allowed; nothing is kept. */
  public static final class TooLarge extends RuntimeException {
    TooLarge(long max) {
      super("the package is larger than " + max + " bytes");
    }
  }

  public static String fileName(String component, String version, String arch, String format) {
    return component + "_" + version + "_" + arch + "." + format;
  }

  public static String downloadPath(String component, String version, String fileName) {
    return "/system/v1/downloads/catalog/" + component + "/" + version + "/" + fileName;
  }

  public Incoming receive(InputStream body, long maxBytes) {
    try {
      Path incoming = Files.createDirectories(root.resolve(".incoming"));
      Path file = Files.createTempFile(incoming, "upload-", ".part");
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      long size = 0;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha512)) {
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = body.read(buffer)) >= 0; ) {
          size += read;
          if (size > maxBytes) {
            throw new TooLarge(maxBytes);
          }
          out.write(buffer, 0, read);
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      return new Incoming(file, HexFormat.of().formatHex(sha512.digest()), size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-512", e);
    }
  }

  public void accept(Incoming incoming, String component, String version, String fileName) {
    try {
      Path dir = Files.createDirectories(root.resolve(component).resolve(version));
      Files.move(incoming.file(), dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the package: " + e.getMessage(), e);
    }
  }

  public void discard(Incoming incoming) {
    try {
      Files.deleteIfExists(incoming.file());
    } catch (IOException e) {
      // A leftover in .incoming is never served; the next upload's name differs.
    }
  }

  /** Callers pass only names the catalog stored, never a request's raw path. */
  public Optional<Path> find(String component, String version, String fileName) {
    Path file = root.resolve(component).resolve(version).resolve(fileName).normalize();
    return file.startsWith(root) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }
}
