package dev.loopback.workflows.mesh;

import java.util.List;

/** One result per push of the batch, in no particular order. */
public record MeshBatchResult(List<MeshPushResult> results) {
}
