package dev.loopback.agent.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's WireGuard private key in {@code <state-dir>/mesh/private.key}: base64 and a newline, as
 * {@code wg genkey} writes it, mode 0600 in a 0700 directory. Made once, on the host, and reused
 * across restarts: peers know the host by its public key.
 *
 * <p>A file that exists but does not hold a key is an error, not a reason to make a new key: a
 * silently rotated key would cut the host off from every peer until the control plane caught up, and
 * would hide whatever damaged the file. An operator who wants a new key removes the file.
 */
public final class HostKeyFile {
  static final String NAME = "private.key";
  private static final Logger log = LoggerFactory.getLogger(HostKeyFile.class);

  private HostKeyFile() {
  }

  /**
   * The key in {@code meshDir}, made on first use.
   *
   * @throws UncheckedIOException if the file cannot be read or written, or holds no WireGuard key
   */
  public static HostKey loadOrCreate(Path meshDir) {
    Path file = meshDir.resolve(NAME);
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      try {
        return HostKey.fromPrivate(text);
      } catch (IllegalArgumentException e) {
        throw new UncheckedIOException(new IOException(file + " does not hold a WireGuard private key; remove it to make a new one "
            + "(the control plane then learns the new public key at the next hello)"));
      }
    } catch (NoSuchFileException e) {
      return create(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static HostKey create(Path file) {
    HostKey key = HostKey.generate();
    try {
      PrivateFiles.write(file, (key.privateKey() + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the mesh key in " + file + ": " + e.getMessage(), e);
    }
    log.atInfo().addKeyValue("file", file).addKeyValue("public_key", key.publicKey()).log("made this host's WireGuard key");
    return key;
  }
}
