package dev.loopback.activities.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.activities.mesh.compile.NetworkSnapshot;
import dev.loopback.activities.mesh.compile.SnapshotDiff;
import dev.loopback.db.networks.NetworkRevisionRepository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Stored network snapshots, with the recent ones and their differences kept in memory: one push to
 * 10,000 hosts reads a 10,000-member snapshot once, not 10,000 times. Snapshots are immutable, so
 * the cache is never stale.
 */
@Component
public class NetworkSnapshots {
  private static final int CACHED = 64;
  private final NetworkRevisionRepository repository;
  private final ObjectMapper json;
  private final Map<String, NetworkSnapshot> snapshots = lru();
  private final Map<String, Set<UUID>> diffs = lru();

  public NetworkSnapshots(NetworkRevisionRepository repository, ObjectMapper json) {
    this.repository = repository;
    this.json = json;
  }

  public Optional<NetworkSnapshot> latest(UUID networkId) {
    return repository.latest(networkId).map(stored -> cached(networkId, stored.revision(), stored.json()));
  }

  public NetworkSnapshot get(UUID networkId, long revision) {
    synchronized (snapshots) {
      NetworkSnapshot hit = snapshots.get(networkId + "@" + revision);
      if (hit != null) {
        return hit;
      }
    }
    return repository.find(networkId, revision).map(stored -> cached(networkId, revision, stored.json()))
        .orElseThrow(() -> new IllegalStateException("network " + networkId + " has no stored revision " + revision));
  }

  public NetworkSnapshot store(UUID networkId, long revision, NetworkSnapshot.Content content, Instant at) {
    try {
      repository.insert(networkId, revision, json.writeValueAsString(content), at);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a network snapshot", e);
    }
    return put(new NetworkSnapshot(networkId, revision, content));
  }

  /** The members that differ between two revisions of a network. */
  public Set<UUID> changedMembers(UUID networkId, long from, long to) {
    String key = networkId + "@" + from + ">" + to;
    synchronized (diffs) {
      Set<UUID> hit = diffs.get(key);
      if (hit != null) {
        return hit;
      }
    }
    Set<UUID> changed = Set.copyOf(SnapshotDiff.changedMembers(get(networkId, from), get(networkId, to)));
    synchronized (diffs) {
      diffs.put(key, changed);
    }
    return changed;
  }

  private NetworkSnapshot cached(UUID networkId, long revision, String text) {
    synchronized (snapshots) {
      NetworkSnapshot hit = snapshots.get(networkId + "@" + revision);
      if (hit != null) {
        return hit;
      }
    }
    try {
      return put(new NetworkSnapshot(networkId, revision, json.readValue(text, NetworkSnapshot.Content.class)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored snapshot " + revision + " of network " + networkId + " is unreadable: " + e.getOriginalMessage());
    }
  }

  private NetworkSnapshot put(NetworkSnapshot snapshot) {
    synchronized (snapshots) {
      snapshots.put(snapshot.networkId() + "@" + snapshot.revision(), snapshot);
    }
    return snapshot;
  }

  private static <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > CACHED;
      }
    };
  }
}
