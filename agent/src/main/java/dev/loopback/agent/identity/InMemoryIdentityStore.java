package dev.loopback.agent.identity;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps the identity in memory only: for tests and for the fleet simulator, whose hosts live as long as the JVM. */
public final class InMemoryIdentityStore implements IdentityStore {
  private final AtomicReference<Identity> identity = new AtomicReference<>();

  public InMemoryIdentityStore() {
  }

  public InMemoryIdentityStore(Identity initial) {
    identity.set(initial);
  }

  @Override
  public Optional<Identity> load() {
    return Optional.ofNullable(identity.get());
  }

  @Override
  public void save(Identity identity) {
    this.identity.set(identity);
  }
}
