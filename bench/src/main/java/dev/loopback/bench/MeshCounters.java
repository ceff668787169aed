package dev.loopback.bench;

import dev.loopback.protocol.messages.MeshApplyOutcome;
import dev.loopback.protocol.messages.MeshApplyResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulated meshes answered, for the progress lines and the report. */
final class MeshCounters {
  final LongAdder fullApplied = new LongAdder();
  final LongAdder deltasApplied = new LongAdder();
  final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

  void answered(MeshApplyResponse response, boolean delta) {
    if (response.outcome() == MeshApplyOutcome.APPLIED) {
      (delta ? deltasApplied : fullApplied).increment();
    } else {
      String reason = response.reason() == null ? "?" : response.reason();
      int colon = reason.indexOf(':');
      refusals.computeIfAbsent(colon > 0 ? reason.substring(0, colon) : reason, k -> new LongAdder()).increment();
    }
  }

  @Override
  public String toString() {
    return "full_applied=" + fullApplied.sum() + " deltas_applied=" + deltasApplied.sum() + " refused=" + refusals;
  }
}
