package io.github.vecprop.model;

import java.util.SplittableRandom;

/** Random valid specs and the seed of the property tests (-Dvecprop.seed= replays). */
final class Specs {
  private Specs() {}

  static ModelSpec random(SplittableRandom rnd, int[] sizes, String activation) {
    float[][] p = new float[2 * (sizes.length - 1)][];
    for (int i = 0; i < p.length; i++) {
      int l = i / 2;
      p[i] = new float[i % 2 == 0 ? sizes[l] * sizes[l + 1] : sizes[l + 1]];
      for (int j = 0; j < p[i].length; j++) {
        p[i][j] = (float) rnd.nextGaussian() * 0.3f;
      }
    }
    return new ModelSpec(sizes, activation, p);
  }

  static long seed() {
    String s = System.getProperty("vecprop.seed", "");
    return s.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(s.trim());
  }

  static String replay(long seed) {
    return "seed " + seed + " (replay with -Dvecprop.seed=" + seed + ")";
  }
}
