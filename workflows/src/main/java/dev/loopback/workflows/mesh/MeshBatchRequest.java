package dev.loopback.workflows.mesh;

import java.util.List;

/** Pushes for hosts whose channels are on one replica; ids and hashes only, never configurations. */
public record MeshBatchRequest(List<MeshPushRequest> pushes) {
}
