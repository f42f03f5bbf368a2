package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * tanh and the per-feature kernels of BatchNorm and Dropout: the Vector API against the twin bit
 * for bit over sizes straddling both lane counts, at offsets, and the twin against exact or
 * double-precision formulas.
 */
class FeatureKernelsDifferentialTest {

  /** fma rounded once from the exact value, computed in BigDecimal (not by Math.fma). */
  private static float exactFma(float a, float b, float c) {
    return new BigDecimal(a).multiply(new BigDecimal(b)).add(new BigDecimal(c)).floatValue();
  }

  @Test
  void tanhMatchesBitForBitAndTheFormula() {
    KernelSupport p = Twins.panama();
    KernelSupport s = Twins.SCALAR;
    for (int n : Twins.SIZES) {
      SplittableRandom r = new SplittableRandom(n);
      float[] x = Reference.random(r, n + 3, -6f, 6f);
      x[0] = 0f;
      if (n > 2) {
        x[1] = 60f; // e^(2x) overflows: exactly 1
        x[2] = -60f; // e^(2x) vanishes: exactly -1
      }
      float[] dout = Reference.random(r, n + 3, -1f, 1f);
      float[] ys = new float[n + 5];
      float[] yp = new float[n + 5];
      s.tanh(n, x, 3, ys, 5);
      p.tanh(n, x, 3, yp, 5);
      Bits.same(ys, yp, "tanh n=" + n);
      float[] y = ys.clone();
      s.tanhBackward(n, y, 5, dout, 3, ys, 0);
      p.tanhBackward(n, y, 5, dout, 3, yp, 0);
      Bits.same(ys, yp, "tanhBackward n=" + n);
    }
    SplittableRandom r = new SplittableRandom(9);
    int n = 1000;
    float[] x = Reference.random(r, n, -8f, 8f);
    x[0] = 40f;
    x[1] = -40f;
    float[] y = new float[n];
    Twins.SCALAR.tanh(n, x, 0, y, 0);
    for (int i = 0; i < n; i++) {
      double t = Math.tanh(x[i]);
      assertTrue(Math.abs(t - y[i]) <= 3e-7 + 1e-6 * Math.abs(t),
          "tanh(" + x[i] + ") = " + y[i] + ", expected " + t);
      assertTrue(y[i] >= -1f && y[i] <= 1f, "tanh in [-1, 1] at " + x[i]);
    }
    assertEquals(1f, y[0]);
    assertEquals(-1f, y[1]);
    float[] d = new float[n];
    float[] one = new float[n];
    java.util.Arrays.fill(one, 1f);
    Twins.SCALAR.tanhBackward(n, y, 0, one, 0, d, 0);
    for (int i = 0; i < n; i++) {
      double g = 1 - (double) y[i] * y[i];
      assertTrue(Math.abs(g - d[i]) <= 1e-7, "1 - y^2 at y=" + y[i] + ": " + d[i]);
    }
  }

  @Test
  void rowKernelsMatchBitForBitAndAreOneRounding() {
    KernelSupport p = Twins.panama();
    KernelSupport s = Twins.SCALAR;
    for (int n : Twins.SIZES) {
      for (int m : new int[] {1, 3}) {
        SplittableRandom r = new SplittableRandom(31L * n + m);
        int len = m * n;
        float[] x = Reference.random(r, len + 2, -3f, 3f);
        float[] y = Reference.random(r, len + 1, -3f, 3f);
        float[] scale = Reference.random(r, n + 4, -2f, 2f);
        float[] shift = Reference.random(r, n + 1, -2f, 2f);
        float[] os = new float[len + 7];
        float[] op = new float[len + 7];
        s.multiply(len, x, 2, y, 1, os, 7);
        p.multiply(len, x, 2, y, 1, op, 7);
        Bits.same(os, op, "multiply m=" + m + " n=" + n);
        for (int i = 0; i < len; i++) {
          assertEquals(x[2 + i] * y[1 + i], os[7 + i], "multiply at " + i);
        }
        s.scaleShiftRows(m, n, x, 2, scale, 4, shift, 1, os, 7);
        p.scaleShiftRows(m, n, x, 2, scale, 4, shift, 1, op, 7);
        Bits.same(os, op, "scaleShiftRows m=" + m + " n=" + n);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            assertEquals(exactFma(x[2 + i * n + j], scale[4 + j], shift[1 + j]),
                os[7 + i * n + j], "scaleShiftRows at " + i + "," + j);
          }
        }
        s.scaleAddRows(m, n, x, 2, scale, 4, y, 1, os, 7);
        p.scaleAddRows(m, n, x, 2, scale, 4, y, 1, op, 7);
        Bits.same(os, op, "scaleAddRows m=" + m + " n=" + n);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            assertEquals(exactFma(x[2 + i * n + j], scale[4 + j], y[1 + i * n + j]),
                os[7 + i * n + j], "scaleAddRows at " + i + "," + j);
          }
        }
      }
    }
  }

  @Test
  void facadeChecksNameTheOperand() {
    float[] a = new float[6];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureKernels.scaleShiftRows(2, 3, a, 0, new float[2], 0, a, 0, a, 0));
    assertTrue(e.getMessage().startsWith("scale:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FeatureKernels.scaleAddRows(2, 3, a, 0, a, 0, new float[5], 0, a, 0));
    assertTrue(e.getMessage().startsWith("y:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FeatureKernels.multiply(6, a, 0, a, 1, a, 0));
    assertTrue(e.getMessage().startsWith("y:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ActivationKernels.tanh(-1, a, 0, a, 0));
    assertTrue(e.getMessage().startsWith("n:"), e.getMessage());
    // The boundary: exactly long enough passes, in place.
    FeatureKernels.scaleShiftRows(2, 3, a, 0, new float[] {1, 1, 1}, 0, new float[3], 0, a, 0);
    FeatureKernels.multiply(6, a, 0, a, 0, a, 0);
    ActivationKernels.tanh(6, a, 0, a, 0);
  }
}
