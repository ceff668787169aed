package dev.loopback.agent.mesh;

import java.time.Duration;

/** Waits between verification polls; tests replace it with one that moves their clock instead of sleeping. */
@FunctionalInterface
public interface Pause {
  Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

  void pause(Duration duration) throws InterruptedException;
}
