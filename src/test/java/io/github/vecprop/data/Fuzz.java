package io.github.vecprop.data;

import java.util.SplittableRandom;

/**
 * The seed of a property test: {@code -Dvecprop.seed=N} replays a run (empty means unset, then a
 * fresh seed is drawn); every failure message carries the seed.
 */
final class Fuzz {
  private Fuzz() {}

  static long seed() {
    String s = System.getProperty("vecprop.seed", "");
    return s.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(s.trim());
  }

  static String replay(long seed) {
    return "seed " + seed + " (replay with -Dvecprop.seed=" + seed + ")";
  }
}
