package dev.loopback.agent.mesh;

import dev.loopback.protocol.messages.MeshApplyRequest;
import dev.loopback.protocol.messages.MeshApplyResponse;
import dev.loopback.protocol.messages.MeshIdentityEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The host's mesh as the channel sees it. Both methods return at once: the channel's event loop must never block. */
public interface Mesh {
  /** What to tell the control plane after each hello; empty when the host has no usable key. */
  Optional<MeshIdentityEvent> identity();

  /** Applies {@code request} on the mesh's own thread, after any apply before it; completes with the answer. */
  CompletableFuture<MeshApplyResponse> apply(MeshApplyRequest request);
}
