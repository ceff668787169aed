package dev.loopback.agent.mesh;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <state-dir>/mesh/last-known-good.json}, 0600, replaced in one rename. It holds no key (the
 * configuration carries public keys only), but it maps the host's overlay, which is nobody else's business.
 */
public final class LastKnownGoodStore {
  static final String NAME = "last-known-good.json";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Path file;

  public LastKnownGoodStore(Path meshDirectory) {
    this.file = meshDirectory.resolve(NAME);
  }

  /** @throws UncheckedIOException if the file exists but cannot be read or is not a stored revision */
  public Optional<LastKnownGood> load() {
    try {
      LastKnownGood stored = JSON.readValue(Files.readAllBytes(file), LastKnownGood.class);
      if (stored == null || stored.config() == null) {
        throw new IOException("it holds no configuration");
      }
      return Optional.of(stored);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** @throws UncheckedIOException if it cannot be written */
  public void save(LastKnownGood lastKnownGood) {
    try {
      PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(lastKnownGood));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the last-known-good mesh in " + file + ": " + e.getMessage(), e);
    }
  }
}
