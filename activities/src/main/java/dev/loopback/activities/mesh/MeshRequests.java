package dev.loopback.activities.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopback.activities.mesh.compile.Composition;
import dev.loopback.activities.mesh.compile.MeshDeltas;
import dev.loopback.activities.mesh.compile.MeshView;
import dev.loopback.db.networks.MeshRevisionRepository;
import dev.loopback.db.networks.MeshRevisionRepository.HostMeshState;
import dev.loopback.db.networks.MeshRevisionRepository.StoredRevision;
import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshDelta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns stored revisions into what the agents get: the change from the revision a host applied
 * last when that is a peers-only change, else the whole configuration. Loads a batch's revisions in
 * a few queries and shares snapshots and their differences across the batch.
 */
@Component
public class MeshRequests {
  private final MeshRevisionRepository revisions;
  private final NetworkSnapshots snapshots;
  private final ObjectMapper json;

  public MeshRequests(MeshRevisionRepository revisions, NetworkSnapshots snapshots, ObjectMapper json) {
    this.revisions = revisions;
    this.snapshots = snapshots;
    this.json = json;
  }

  /** One host's wanted revision and, where it has applied one, its base. */
  public record Wanted(UUID hostId, long revision) {
  }

  /** @return a request per host whose revision exists; hosts without it are missing from the map */
  public Map<UUID, MeshApplyRequest> requests(List<Wanted> wanted, long verifyTimeoutMillis) {
    Map<UUID, Long> targets = new HashMap<>();
    wanted.forEach(w -> targets.put(w.hostId(), w.revision()));
    Map<UUID, Long> bases = new HashMap<>();
    for (HostMeshState state : revisions.states(targets.keySet())) {
      if (state.appliedRevision() > 0 && state.appliedRevision() != targets.get(state.hostId())) {
        bases.put(state.hostId(), state.appliedRevision());
      }
    }
    Map<UUID, StoredRevision> target = index(revisions.findAll(targets));
    Map<UUID, StoredRevision> base = index(revisions.findAll(bases));
    Map<UUID, MeshApplyRequest> requests = new HashMap<>();
    target.forEach((host, revision) -> requests.put(host,
        request(host, revision, Optional.ofNullable(base.get(host)), verifyTimeoutMillis)));
    return requests;
  }

  /** The whole configuration, for an agent that refused a delta because it is on another base (so it has a mesh). */
  public Optional<MeshApplyRequest> full(UUID hostId, long revision, long verifyTimeoutMillis) {
    return revisions.find(hostId, revision).map(stored -> {
      MeshApplyRequest first = request(hostId, stored, Optional.empty(), verifyTimeoutMillis);
      return MeshApplyRequest.full(first.revision(), first.hash(), first.config(), verifyTimeoutMillis);
    });
  }

  private MeshApplyRequest request(UUID host, StoredRevision target, Optional<StoredRevision> base, long verifyTimeoutMillis) {
    Composition composition = read(target);
    MeshView view = view(composition);
    if (base.isPresent()) {
      Composition from = read(base.get());
      Optional<MeshDelta> delta = MeshDeltas.between(host, base.get().revision(), base.get().hash(), view(from), from, view, composition,
          snapshots::changedMembers);
      if (delta.isPresent()) {
        return MeshApplyRequest.delta(target.revision(), target.hash(), delta.get(), verifyTimeoutMillis);
      }
    }
    // A host's first mesh is checked for interface and peers, not handshakes: its peers may still be
    // booting (hosts that join at registration come up together), and there is nothing to roll back to.
    long verify = base.isPresent() ? verifyTimeoutMillis : 0;
    return MeshApplyRequest.full(target.revision(), target.hash(), view.config(host, composition.identity()), verify);
  }

  private MeshView view(Composition composition) {
    return new MeshView(composition.networks().entrySet().stream().map(e -> snapshots.get(e.getKey(), e.getValue())).toList());
  }

  private Composition read(StoredRevision revision) {
    try {
      return json.readValue(revision.compositionJson(), Composition.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("mesh revision " + revision.revision() + " of host " + revision.hostId() + " is unreadable: "
          + e.getOriginalMessage());
    }
  }

  private static Map<UUID, StoredRevision> index(List<StoredRevision> list) {
    Map<UUID, StoredRevision> byHost = new HashMap<>();
    list.forEach(revision -> byHost.put(revision.hostId(), revision));
    return byHost;
  }
}
