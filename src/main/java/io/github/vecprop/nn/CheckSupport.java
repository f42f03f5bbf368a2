package io.github.vecprop.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@link GradientCheck}'s bookkeeping: which elements a check differences, and the two checks on
 * a backward pass that need no differences (it repeats, and a zero upstream gives zero).
 */
final class CheckSupport {
  private CheckSupport() {}

  /** The indices to difference in a tensor of n elements: all, or a seeded sample in order. */
  static int[] indices(int n, int maxElements, long seed, int salt) {
    if (n <= maxElements) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed * 31 + salt);
    for (int i = 0; i < maxElements; i++) {
      int j = i + r.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] pick = Arrays.copyOf(perm, maxElements);
    Arrays.sort(pick);
    return pick;
  }

  /** Throws BACKWARD_NOT_REPEATABLE when a second backward differs beyond REPEAT_RTOL. */
  static void same(String layer, String param, float[] first, float[] second, int cols,
      long seed) {
    for (int i = 0; i < first.length; i++) {
      double a = first[i];
      double b = second[i];
      if (!(Math.abs(a - b) <= GradientCheck.REPEAT_RTOL * (Math.abs(a) + 1e-30) + 1e-9)) {
        throw new GradientCheckFailure(GradientCheckFailure.Kind.BACKWARD_NOT_REPEATABLE, layer,
            param, i, cols, second[i], first[i], seed, "");
      }
    }
  }

  /** Throws ZERO_UPSTREAM_NOT_ZERO at the first nonzero element of g. */
  static void zero(String layer, String param, float[] g, int n, int cols, long seed) {
    for (int i = 0; i < n; i++) {
      if (g[i] != 0f) {
        throw new GradientCheckFailure(GradientCheckFailure.Kind.ZERO_UPSTREAM_NOT_ZERO, layer,
            param, i, cols, g[i], 0, seed, "");
      }
    }
  }
}
