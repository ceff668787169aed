package dev.loopback.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.db.catalog.CatalogRepository;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Answers update checks from memory: a snapshot of the published catalog, rebuilt when a cheap stamp
 * query sees that something was published or a channel added — checked at most every
 * {@link #POLL_NANOS} (for other replicas' changes) and at the next check after this replica's own.
 * One request at a time rebuilds; the others answer from the snapshot they have meanwhile, so
 * thousands of checks a second cost no database round trip and never wait.
 */
@Component
public class UpdateIndex {
  static final long POLL_NANOS = 2_000_000_000L;
  private final CatalogRepository catalog;
  private final ObjectMapper json;
  private final AtomicLong nextPoll = new AtomicLong(System.nanoTime());
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile UpdateCheck check;
  private volatile String stamp;

  public UpdateIndex(CatalogRepository catalog, ObjectMapper json) {
    this.catalog = catalog;
    this.json = json;
  }

  public UpdateCheck.Answer next(UpdateQuery query) {
    return current().answer(query);
  }

  /** The snapshot to answer from now, refreshed first if it is due. */
  public UpdateCheck current() {
    if (check == null) {
      refresh();
    } else if (System.nanoTime() - nextPoll.get() >= 0 && refreshing.compareAndSet(false, true)) {
      try {
        nextPoll.set(System.nanoTime() + POLL_NANOS);
        if (!catalog.publishedStamp().equals(stamp)) {
          refresh();
        }
      } finally {
        refreshing.set(false);
      }
    }
    return check;
  }

  /** Something changed here: the next check looks at once. */
  public void changed() {
    nextPoll.set(System.nanoTime());
  }

  private byte[] encode(UpdateOffer offer) {
    try {
      return json.writeValueAsBytes(offer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an update offer", e);
    }
  }

  private synchronized void refresh() {
    String current = catalog.publishedStamp();
    check = UpdateCheck.of(catalog.channels(), catalog.publishedReleases(), catalog.publishedArtifacts(), this::encode);
    stamp = current;
  }
}
