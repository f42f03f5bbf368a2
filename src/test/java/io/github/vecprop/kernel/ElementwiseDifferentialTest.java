package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every non-GEMM kernel: Panama against the scalar twin over sizes straddling the lane counts of
 * both widths, bit for bit (the one arithmetic of {@link KernelSupport}), and the twin against
 * double-precision formulas.
 */
class ElementwiseDifferentialTest {

  private static void close(double expected, double actual, double abs, double rel, String what) {
    if (!(Math.abs(expected - actual) <= abs + rel * Math.abs(expected))) {
      fail(what + ": expected " + expected + " got " + actual);
    }
  }

  private static void close(float[] expected, float[] actual, double abs, double rel, String what) {
    for (int i = 0; i < expected.length; i++) {
      close(expected[i], actual[i], abs, rel, what + " [" + i + "]");
    }
  }

  /** Values with exact zeros and both signs, so the ReLU mask and max see ties. */
  private static float[] mixed(SplittableRandom r, int n) {
    float[] x = Reference.random(r, n, -3f, 3f);
    for (int i = 0; i < n; i += 5) {
      x[i] = 0f;
    }
    if (n > 3) {
      x[3] = -0f;
    }
    return x;
  }

  @Test
  void activationsMatch() {
    KernelSupport p = Twins.panama();
    KernelSupport s = Twins.SCALAR;
    for (int n : Twins.SIZES) {
      SplittableRandom r = new SplittableRandom(n);
      float[] x = mixed(r, n);
      float[] dout = Reference.random(r, n, -1f, 1f);
      float[] ys = new float[n];
      float[] yp = new float[n];
      s.relu(n, x, 0, ys, 0);
      p.relu(n, x, 0, yp, 0);
      assertArrayEquals(ys, yp, "relu n=" + n);
      s.reluBackward(n, x, 0, dout, 0, ys, 0);
      p.reluBackward(n, x, 0, dout, 0, yp, 0);
      assertArrayEquals(ys, yp, "reluBackward n=" + n);
      s.sigmoid(n, x, 0, ys, 0);
      p.sigmoid(n, x, 0, yp, 0);
      Bits.same(ys, yp, "sigmoid n=" + n);
      float[] y = ys.clone();
      s.sigmoidBackward(n, y, 0, dout, 0, ys, 0);
      p.sigmoidBackward(n, y, 0, dout, 0, yp, 0);
      Bits.same(ys, yp, "sigmoidBackward n=" + n);
    }
  }

  @Test
  void twinActivationsMatchFormulas() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 101;
    float[] x = mixed(r, n);
    float[] dout = Reference.random(r, n, -1f, 1f);
    float[] y = new float[n];
    float[] d = new float[n];
    Twins.SCALAR.relu(n, x, 0, y, 0);
    Twins.SCALAR.reluBackward(n, x, 0, dout, 0, d, 0);
    for (int i = 0; i < n; i++) {
      assertEquals(x[i] > 0 ? x[i] : 0f, y[i], "relu at " + i);
      // At exactly 0 the gradient is 0, as in the book's mask (x <= 0).
      assertEquals(x[i] > 0 ? dout[i] : 0f, d[i], "relu backward at " + i + " x=" + x[i]);
    }
    Twins.SCALAR.sigmoid(n, x, 0, y, 0);
    Twins.SCALAR.sigmoidBackward(n, y, 0, dout, 0, d, 0);
    for (int i = 0; i < n; i++) {
      double sg = 1 / (1 + Math.exp(-x[i]));
      close(sg, y[i], 1e-7, 1e-6, "sigmoid at " + i);
      close(dout[i] * sg * (1 - sg), d[i], 1e-7, 1e-5, "sigmoid backward at " + i);
    }
  }

  @Test
  void softmaxAndLossMatch() {
    KernelSupport p = Twins.panama();
    KernelSupport s = Twins.SCALAR;
    for (int m : new int[] {1, 3, 17}) {
      for (int n : Twins.SIZES) {
        SplittableRandom r = new SplittableRandom(m * 1000L + n);
        float[] x = Reference.random(r, m * n, -8f, 8f);
        float[] ys = new float[m * n];
        float[] yp = new float[m * n];
        s.softmaxRows(m, n, x, 0, ys, 0);
        p.softmaxRows(m, n, x, 0, yp, 0);
        Bits.same(ys, yp, "softmax m=" + m + " n=" + n);
        float[] t = new float[m * n];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
          labels[i] = r.nextInt(n);
          t[i * n + labels[i]] = 1f;
        }
        Bits.same(s.crossEntropyOneHot(m, n, ys, 0, t, 0), p.crossEntropyOneHot(m, n, ys, 0, t, 0),
            "cross-entropy one-hot m=" + m + " n=" + n);
        Bits.same(s.crossEntropyOneHot(m, n, ys, 0, t, 0), p.crossEntropy(m, n, ys, 0, labels, 0),
            "cross-entropy index vs one-hot m=" + m + " n=" + n);
        float[] ds = new float[m * n];
        float[] dp = new float[m * n];
        s.softmaxLossBackwardOneHot(m, n, ys, 0, t, 0, ds, 0);
        p.softmaxLossBackwardOneHot(m, n, ys, 0, t, 0, dp, 0);
        assertArrayEquals(ds, dp, "softmax loss backward one-hot m=" + m + " n=" + n);
        p.softmaxLossBackwardIndex(m, n, ys, 0, labels, 0, dp, 0);
        assertArrayEquals(ds, dp, "softmax loss backward index vs one-hot m=" + m + " n=" + n);
        s.softmaxLossBackwardIndex(m, n, ys, 0, labels, 0, dp, 0);
        assertArrayEquals(ds, dp, "twin index vs one-hot m=" + m + " n=" + n);
        int[] as = new int[m];
        int[] ap = new int[m];
        s.argmaxRows(m, n, x, 0, as, 0);
        p.argmaxRows(m, n, x, 0, ap, 0);
        assertArrayEquals(as, ap, "argmax m=" + m + " n=" + n);
      }
    }
  }

  @Test
  void twinSoftmaxMatchesDouble() {
    int m = 4;
    int n = 33;
    float[] x = Reference.random(new SplittableRandom(9), m * n, -20f, 20f);
    float[] y = new float[m * n];
    Twins.SCALAR.softmaxRows(m, n, x, 0, y, 0);
    for (int i = 0; i < m; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, x[i * n + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(x[i * n + j] - max);
      }
      for (int j = 0; j < n; j++) {
        close(Math.exp(x[i * n + j] - max) / sum, y[i * n + j], 1e-8, 1e-5, "softmax " + i + "," + j);
      }
    }
  }

  @Test
  void narrowSoftmaxInPlaceAtAnOffsetMatchesDouble() {
    // Rows narrower than a vector take their own path in the Vector API twin (the seed's 10).
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      for (int n : new int[] {1, 3, 10, 15}) {
        int m = 37;
        int off = 3;
        float[] orig = Reference.random(new SplittableRandom(31 + n), off + m * n + 2, -30f, 30f);
        float[] x = orig.clone();
        impl.softmaxRows(m, n, x, off, x, off);
        for (int i = 0; i < off; i++) {
          assertEquals(orig[i], x[i], impl.name() + ": element before the offset untouched");
        }
        assertEquals(orig[off + m * n], x[off + m * n], impl.name() + ": element after untouched");
        for (int i = 0; i < m; i++) {
          int o = off + i * n;
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < n; j++) {
            max = Math.max(max, orig[o + j]);
          }
          double sum = 0;
          for (int j = 0; j < n; j++) {
            sum += Math.exp(orig[o + j] - max);
          }
          for (int j = 0; j < n; j++) {
            close(Math.exp(orig[o + j] - max) / sum, x[o + j], 1e-8, 1e-5,
                impl.name() + " n=" + n + " softmax " + i + "," + j);
          }
        }
      }
    }
  }

  @Test
  void softmaxOfHugeLogitsStaysFiniteAndNormalised() {
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      for (int n : new int[] {2, 10, 16, 17, 100}) {
        int m = 3;
        float[] x = new float[m * n];
        SplittableRandom r = new SplittableRandom(n);
        for (int i = 0; i < x.length; i++) {
          x[i] = r.nextBoolean() ? 1e4f : -1e4f;
        }
        x[n] = 1e4f; // row 1 has at least one huge positive
        float[] y = new float[m * n];
        impl.softmaxRows(m, n, x, 0, y, 0);
        for (int i = 0; i < m; i++) {
          double sum = 0;
          for (int j = 0; j < n; j++) {
            assertTrue(Float.isFinite(y[i * n + j]), impl.name() + " finite");
            sum += y[i * n + j];
          }
          assertEquals(1.0, sum, 1e-5, impl.name() + " row " + i + " n=" + n);
        }
      }
    }
  }

  @Test
  void crossEntropyOfZeroProbabilityIsFinite() {
    for (KernelSupport impl : GemmDifferentialTest.impls()) {
      int m = 2;
      int n = 20;
      float[] y = new float[m * n];
      float[] t = new float[m * n];
      y[1] = 1f;
      t[0] = 1f; // the true class has probability exactly 0
      y[n + 5] = 1f;
      t[n + 5] = 1f;
      float ce = impl.crossEntropyOneHot(m, n, y, 0, t, 0);
      assertTrue(Float.isFinite(ce), impl.name());
      // −(log 1e-7 + log(1 + 1e-7)) / 2
      assertEquals(-(Math.log(1e-7) + Math.log(1 + 1e-7)) / 2, ce, 1e-3, impl.name());
    }
    float ce = LossKernels.crossEntropy(1, 3, new float[] {0f, 1f, 0f}, 0, new int[] {0}, 0);
    assertEquals(-Math.log(1e-7), ce, 1e-3);
  }

  @Test
  void reductionsMatch() {
    KernelSupport p = Twins.panama();
    for (int m : new int[] {1, 7, 100}) {
      for (int n : Twins.SIZES) {
        SplittableRandom r = new SplittableRandom(m + 77L * n);
        float[] x = Reference.random(r, m * n, -1f, 1f);
        float[] bias = Reference.random(r, n, -1f, 1f);
        float[] xs = x.clone();
        float[] xp = x.clone();
        Twins.SCALAR.addRowVector(m, n, xs, 0, bias, 0);
        p.addRowVector(m, n, xp, 0, bias, 0);
        assertArrayEquals(xs, xp, "addRowVector m=" + m + " n=" + n);
        float[] cs = new float[n];
        float[] cp = new float[n];
        Twins.SCALAR.columnSums(m, n, x, 0, cs, 0);
        p.columnSums(m, n, x, 0, cp, 0);
        Bits.same(cs, cp, "columnSums m=" + m + " n=" + n);
        for (int j = 0; j < n; j++) {
          double ref = 0;
          for (int i = 0; i < m; i++) {
            ref += x[i * n + j];
          }
          close(ref, cs[j], m * 1.2e-7, 0, "twin columnSums vs double at " + j);
        }
        int len = m * n;
        double ref = 0;
        for (int i = 0; i < len; i++) {
          ref += x[i];
        }
        close(ref, Twins.SCALAR.sum(len, x, 0), len * 1.2e-7, 0, "twin sum n=" + len);
        Bits.same(Twins.SCALAR.sum(len, x, 0), p.sum(len, x, 0), "sum n=" + len);
      }
    }
  }

  @Test
  void optimizerUpdatesMatch() {
    KernelSupport p = Twins.panama();
    for (int n : Twins.SIZES) {
      SplittableRandom r = new SplittableRandom(n * 3L);
      float[] g = Reference.random(r, n, -1f, 1f);
      float[] s0 = Reference.random(r, n, 0f, 1f);
      float[] v0 = Reference.random(r, n, 0f, 1f);
      float[] p0 = Reference.random(r, n, -1f, 1f);
      for (int which = 0; which < 6; which++) {
        float[][] a = {s0.clone(), v0.clone(), p0.clone()};
        float[][] b = {s0.clone(), v0.clone(), p0.clone()};
        for (int side = 0; side < 2; side++) {
          KernelSupport k = side == 0 ? Twins.SCALAR : p;
          float[][] st = side == 0 ? a : b;
          switch (which) {
            case 0 -> k.axpy(n, -0.1f, g, 0, st[2], 0);
            case 1 -> k.momentumUpdate(n, 0.01f, 0.9f, g, 0, st[0], 0, st[2], 0);
            case 2 -> k.nesterovUpdate(n, 0.01f, 0.9f, g, 0, st[0], 0, st[2], 0);
            case 3 -> k.adaGradUpdate(n, 0.01f, 1e-7f, g, 0, st[0], 0, st[2], 0);
            case 4 -> k.rmsPropUpdate(n, 0.01f, 0.99f, 1e-7f, g, 0, st[0], 0, st[2], 0);
            default -> k.adamUpdate(n, 0.001f, 0.9f, 0.999f, 1e-7f, g, 0, st[0], 0, st[1], 0,
                st[2], 0);
          }
        }
        for (int q = 0; q < 3; q++) {
          Bits.same(a[q], b[q], "optimizer " + which + " array " + q + " n=" + n);
        }
      }
      float[] xs = p0.clone();
      float[] xp = p0.clone();
      Twins.SCALAR.scale(n, 0.3f, xs, 0);
      p.scale(n, 0.3f, xp, 0);
      assertArrayEquals(xs, xp, "scale n=" + n);
    }
  }

  @Test
  void twinAdamMatchesTheBook() {
    float[] g = {0.5f, -0.25f};
    float[] m = {0.1f, 0.2f};
    float[] v = {0.01f, 0.02f};
    float[] p = {1f, 2f};
    Twins.SCALAR.adamUpdate(2, 0.001f, 0.9f, 0.999f, 1e-7f, g, 0, m, 0, v, 0, p, 0);
    for (int i = 0; i < 2; i++) {
      double g0 = i == 0 ? 0.5 : -0.25;
      double m1 = (i == 0 ? 0.1 : 0.2) + 0.1 * (g0 - (i == 0 ? 0.1 : 0.2));
      double v1 = (i == 0 ? 0.01 : 0.02) + 0.001 * (g0 * g0 - (i == 0 ? 0.01 : 0.02));
      close(m1, m[i], 1e-7, 1e-6, "m");
      close(v1, v[i], 1e-8, 1e-6, "v");
      close((i + 1) - 0.001 * m1 / (Math.sqrt(v1) + 1e-7), p[i], 1e-7, 1e-6, "p");
    }
  }

  @Test
  void pixelConversionMatchesExactly() {
    KernelSupport p = Twins.panama();
    for (int n : Twins.SIZES) {
      byte[] src = new byte[n + 3];
      for (int i = 0; i < src.length; i++) {
        src[i] = (byte) (i * 37);
      }
      float[] ds = new float[n];
      float[] dp = new float[n];
      Twins.SCALAR.unsignedBytesToUnit(n, src, 3, ds, 0);
      p.unsignedBytesToUnit(n, src, 3, dp, 0);
      assertArrayEquals(ds, dp, "pixels n=" + n);
      for (int i = 0; i < n; i++) {
        assertEquals((src[i + 3] & 0xFF) / 255.0, ds[i], 1e-7, "pixel " + i);
      }
    }
  }
}
