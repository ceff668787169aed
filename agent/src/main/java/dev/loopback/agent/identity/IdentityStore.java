package dev.loopback.agent.identity;

import java.util.Optional;

/**
 * Where a host keeps its identity between runs. {@link #save} replaces the whole identity at once:
 * after a crash a reader sees either the old identity or the new one, never a key from one and a
 * certificate from the other. Failures are {@link java.io.UncheckedIOException}s whose message
 * names the file.
 */
public interface IdentityStore {
  /** The stored identity, or empty before the first enrollment. */
  Optional<Identity> load();

  void save(Identity identity);
}
