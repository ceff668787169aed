package dev.loopback.agent;

import java.util.random.RandomGenerator;

/** Draws a fixed position in every requested range: 0.0 is the lowest value, 1.0 the highest. */
public final class StubRandom implements RandomGenerator {
  private final double position;

  public StubRandom(double position) {
    this.position = position;
  }

  @Override
  public long nextLong() {
    return 0;
  }

  @Override
  public long nextLong(long bound) {
    return nextLong(0, bound);
  }

  @Override
  public long nextLong(long origin, long bound) {
    return origin + Math.round(position * (bound - 1 - origin));
  }
}
