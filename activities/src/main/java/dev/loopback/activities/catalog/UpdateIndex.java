package dev.loopback.activities.catalog;

import dev.loopback.db.catalog.CatalogRepository;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Answers update checks from memory: a snapshot of the published catalog, rebuilt when this replica
 * publishes and, for what other replicas publish, when a cheap stamp query (at most every
 * {@link #POLL_NANOS}, by one request at a time) sees a change. Thousands of checks a second cost no
 * database round trip.
 */
@Component
public class UpdateIndex {
  static final long POLL_NANOS = 2_000_000_000L;
  private final CatalogRepository catalog;
  private final AtomicLong nextPoll = new AtomicLong(System.nanoTime());
  private volatile UpdateCheck check;
  private volatile String stamp;

  public UpdateIndex(CatalogRepository catalog) {
    this.catalog = catalog;
  }

  public Optional<UpdateOffer> next(UpdateQuery query) {
    long now = System.nanoTime();
    long due = nextPoll.get();
    if (check == null || now - due >= 0 && nextPoll.compareAndSet(due, now + POLL_NANOS)) {
      refreshIfChanged();
    }
    return check.next(query);
  }

  /** Rebuilds the snapshot now (after a publish on this replica). */
  public synchronized void refresh() {
    String current = catalog.publishedStamp();
    check = UpdateCheck.of(catalog.channels(), catalog.publishedReleases(), catalog.publishedArtifacts());
    stamp = current;
  }

  private synchronized void refreshIfChanged() {
    if (check == null || !catalog.publishedStamp().equals(stamp)) {
      refresh();
    }
  }
}
