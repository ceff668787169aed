package dev.loopback.agent.channel;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides, at each heartbeat, whether a silent control plane should be probed or given up on.
 * Any inbound message proves it alive; after three quiet heartbeat intervals one probe goes out,
 * and if nothing at all arrives within the request timeout of it, the channel is dead.
 */
final class LivenessProbe {
  enum Verdict { ALIVE, PROBE, DEAD }

  private final long quietMillis;
  private final Duration answerWithin;
  private Instant lastInbound;
  private long probeId;
  private Instant probeSentAt;

  LivenessProbe(long heartbeatIntervalMillis, Duration answerWithin, Instant now) {
    this.quietMillis = 3 * heartbeatIntervalMillis;
    this.answerWithin = answerWithin;
    this.lastInbound = now;
  }

  void heard(Instant now) {
    lastInbound = now;
  }

  Verdict check(Instant now) {
    if (probeId != 0) {
      return Duration.between(probeSentAt, now).compareTo(answerWithin) >= 0 ? Verdict.DEAD : Verdict.ALIVE;
    }
    return Duration.between(lastInbound, now).toMillis() >= quietMillis ? Verdict.PROBE : Verdict.ALIVE;
  }

  void sent(long correlationId, Instant now) {
    probeId = correlationId;
    probeSentAt = now;
  }

  /** True when {@code correlationId} answers the outstanding probe (which is then settled). */
  boolean answers(long correlationId) {
    if (probeId == 0 || correlationId != probeId) {
      return false;
    }
    probeId = 0;
    return true;
  }

  Duration silentFor(Instant now) {
    return Duration.between(lastInbound, now);
  }
}
