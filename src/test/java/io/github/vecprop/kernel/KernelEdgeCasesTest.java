package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Documented results worked out by hand, on each implementation directly (the twin and, where the
 * module is present, the Vector API) and through the facade: outputs start as NaN so a kernel
 * that skips an element, or adds into the old value instead of writing, shows; argmax ties, a
 * maximum in the scalar tail past the last whole vector, and NaN; softmax rows of equal and of
 * huge logits. The differential tests compare the implementations on random data, where ties
 * and such placements do not come up.
 */
class KernelEdgeCasesTest {

  private static float[] nan(int n) {
    float[] x = new float[n];
    Arrays.fill(x, Float.NaN);
    return x;
  }

  @Test
  void columnSumsOverwriteTheirOutput() {
    float[] x = {1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 0.5f, 0.25f, 0, -4, 8};
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      float[] out = nan(7);
      impl.columnSums(3, 5, x, 0, out, 1);
      assertEquals("[NaN, 11.5, 22.25, 33.0, 40.0, 63.0, NaN]", Arrays.toString(out),
          impl.name());
      float[] none = {7f, 7f};
      impl.columnSums(0, 2, x, 0, none, 0);
      assertArrayEquals(new float[] {0f, 0f}, none, impl.name() + ": no rows, +0");
    }
    float[] out = nan(5);
    Kernels.columnSums(3, 5, x, 0, out, 0);
    assertEquals("[11.5, 22.25, 33.0, 40.0, 63.0]", Arrays.toString(out), "facade");
  }

  @Test
  void softmaxLossGradientsOverwriteEveryElement() {
    // m = 2 rows of 3: dx = (y − onehot)/2.
    float[] y = {0.5f, 0.25f, 0.25f, 0.125f, 0.375f, 0.5f};
    float[] want = {0.25f, -0.375f, 0.125f, -0.4375f, 0.1875f, 0.25f};
    int[] labels = {1, 0};
    float[] t = {0, 1, 0, 1, 0, 0};
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      float[] dx = nan(6);
      impl.softmaxLossBackwardIndex(2, 3, y, 0, labels, 0, dx, 0);
      assertArrayEquals(want, dx, impl.name() + " index");
      float[] dx1 = nan(6);
      impl.softmaxLossBackwardOneHot(2, 3, y, 0, t, 0, dx1, 0);
      assertArrayEquals(want, dx1, impl.name() + " one-hot");
      // −(log(0.25 + 1e-7) + log(0.125 + 1e-7))/2, in double: 1.7328674…
      assertEquals(1.7328674, impl.crossEntropy(2, 3, y, 0, labels, 0), 1e-6, impl.name());
      assertEquals(1.7328674, impl.crossEntropyOneHot(2, 3, y, 0, t, 0), 1e-6, impl.name());
    }
  }

  /** Rows of n values −1 with the maximum 2 at position p (and at q too when q ≥ 0). */
  private static float[] row(int n, int p, int q) {
    float[] x = new float[n];
    Arrays.fill(x, -1f);
    x[p] = 2f;
    if (q >= 0) {
      x[q] = 2f;
    }
    return x;
  }

  @Test
  void argmaxIsTheFirstMaximumWhereverItIs() {
    int lanes = Kernels.floatLanes() > 1 ? Kernels.floatLanes() : 16;
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      for (int n : new int[] {1, 3, lanes - 1, lanes, lanes + 1, lanes + 3, 2 * lanes + 5, 50}) {
        int[] out = new int[1];
        for (int p = 0; p < n; p++) {
          impl.argmaxRows(1, n, row(n, p, -1), 0, out, 0);
          assertEquals(p, out[0], impl.name() + " n=" + n + " max at " + p);
          for (int q = p + 1; q < n; q += Math.max(1, n / 7)) {
            impl.argmaxRows(1, n, row(n, p, q), 0, out, 0);
            assertEquals(p, out[0], impl.name() + " n=" + n + " tie at " + p + " and " + q);
          }
        }
      }
    }
  }

  @Test
  void argmaxRowsAreIndependentAndNaNNeverWins() {
    int n = 37; // two whole vectors of 16 (four of 8) and a tail
    float[] x = new float[3 * n];
    Arrays.fill(x, -1f);
    x[36] = 5f; // row 0: the last element, in the tail
    x[n + 3] = Float.NaN; // row 1: a NaN before the maximum
    x[n + 20] = 4f;
    x[2 * n + 1] = Float.NaN; // row 2: NaN and nothing above −1: the first −1 wins
    x[2 * n + 30] = Float.NaN;
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      int[] out = {-7, -7, -7, -7, -7};
      impl.argmaxRows(3, n, x, 0, out, 1);
      assertArrayEquals(new int[] {-7, 36, 20, 0, -7}, out, impl.name());
    }
    int[] out = new int[3];
    LossKernels.argmaxRows(3, n, x, 0, out, 0);
    assertArrayEquals(new int[] {36, 20, 0}, out, "facade");
  }

  @Test
  void softmaxOfEqualAndOfHugeLogits() {
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      for (int n : new int[] {1, 4, 10, 16, 37}) {
        float[] x = new float[2 * n];
        Arrays.fill(x, 0, n, 3f);
        Arrays.fill(x, n, 2 * n, 1e30f);
        x[2 * n - 1] = -1e30f; // e^(−2e30) is 0
        float[] y = nan(2 * n);
        impl.softmaxRows(2, n, x, 0, y, 0);
        for (int j = 0; j < n; j++) {
          assertEquals(1f / n, y[j], 1e-6f, impl.name() + " n=" + n + " equal row, " + j);
        }
        if (n > 1) {
          for (int j = n; j < 2 * n - 1; j++) {
            assertEquals(1f / (n - 1), y[j], 1e-6f, impl.name() + " n=" + n + " huge row, " + j);
          }
          assertEquals(0f, y[2 * n - 1], 1e-30f, impl.name() + " n=" + n + " the −1e30");
        } else {
          assertEquals(1f, y[1], impl.name() + " one column");
        }
      }
    }
  }

  @Test
  void pixelsToUnitFloats() {
    byte[] px = {0, 1, (byte) 128, (byte) 255, 51, (byte) 204};
    // (b & 0xFF)·(1/255f): 0, 1/255, 128/255, 1, 0.2, 0.8 (each as that product rounds).
    float inv = 1f / 255;
    float[] want = {0f, inv, 128 * inv, 255 * inv, 51 * inv, 204 * inv};
    assertEquals(1f, 255 * inv, "1/255f times 255 rounds to 1");
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      float[] dst = nan(8);
      impl.unsignedBytesToUnit(6, px, 0, dst, 1);
      assertTrue(Float.isNaN(dst[0]) && Float.isNaN(dst[7]), impl.name() + " wrote outside");
      assertArrayEquals(want, Arrays.copyOfRange(dst, 1, 7), impl.name());
    }
    float[] dst = nan(4);
    Kernels.unsignedBytesToUnit(4, px, 2, dst, 0);
    assertArrayEquals(new float[] {128 * inv, 1f, 51 * inv, 204 * inv}, dst, "facade");
  }

  @Test
  void sumsAndEmptyInputs() {
    float[] x = new float[100];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 7 - 3; // small integers: every order gives the same exact sum
    }
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      for (int n : new int[] {0, 1, 31, 32, 33, 64, 65, 97}) {
        float want = 0;
        for (int i = 0; i < n; i++) {
          want += x[3 + i];
        }
        assertEquals(want, impl.sum(n, x, 3), impl.name() + " n=" + n);
      }
    }
    assertEquals(-3f + -2f + -1f, Kernels.sum(3, x, 0), "facade");
  }
}
