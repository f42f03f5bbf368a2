package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ReLU after a pooling ({@link KernelSupport#reluAfterMaxPool}): both paths against the
 * stated rule, NaN outputs included. The strided row copy of im2col
 * ({@link KernelSupport#copyRows}): both paths copy exactly the rows asked for, touching nothing
 * else. And the 2 × 2 max pooling without padding: the Vector implementation and the twin
 * against the stated rule ({@link ConvKernelsTest#referencePool}), values bit for bit and
 * winners exactly, over strides 1–3, planes narrower and wider than a vector (so a row is one
 * vector, several, or ends mid-vector), ties, ±0 and NaNs, offsets, and arrays that end right
 * after the batch (so the last rows take the twin's code inside the Vector implementation) or run
 * on past it, with nothing written outside the outputs.
 */
class PoolDifferentialTest {

  @Test
  void panamaAndTwinFollowTheRuleOnEveryShape() {
    KernelSupport panama = Twins.panama();
    SplittableRandom r = new SplittableRandom(20261203);
    int checked = 0;
    for (int k = 0; k < 400; k++) {
      int s = 1 + r.nextInt(3);
      Window g = new Window(1 + r.nextInt(3), 2 + r.nextInt(40), 2 + r.nextInt(40), 2, 2, s, 0);
      int batch = 1 + r.nextInt(3);
      int planes = batch * g.channels();
      int xOff = r.nextInt(4);
      int yOff = r.nextInt(4);
      int tail = r.nextBoolean() ? 0 : r.nextInt(70);
      float[] x = ConvKernelsTest.poolValues(xOff + batch * g.inputSize() + tail, r, k % 2 == 1);
      float[] batchX = new float[batch * g.inputSize()];
      System.arraycopy(x, xOff, batchX, 0, batchX.length);
      int outs = planes * g.positions();
      float[] want = new float[outs];
      int[] wantArg = new int[outs];
      ConvKernelsTest.referencePool(batch, g, batchX, want, wantArg);
      for (KernelSupport impl : new KernelSupport[] {Twins.SCALAR, panama}) {
        // Past the outputs: sentinels that no implementation may overwrite.
        int past = r.nextBoolean() ? 0 : 40;
        float[] y = new float[yOff + outs + past];
        int[] arg = new int[outs + past];
        java.util.Arrays.fill(y, -7f);
        java.util.Arrays.fill(arg, -7);
        impl.maxPool2x2(planes, g, x, xOff, y, yOff, arg);
        for (int i = 0; i < past; i++) {
          assertTrue(y[yOff + outs + i] == -7f && arg[outs + i] == -7,
              impl.name() + " " + g + ": wrote past the outputs at " + i);
        }
        for (int i = 0; i < yOff; i++) {
          assertTrue(y[i] == -7f, impl.name() + " " + g + ": wrote before yOff at " + i);
        }
        float[] got = new float[outs];
        System.arraycopy(y, yOff, got, 0, outs);
        String what = impl.name() + " " + g + " batch " + batch + " xOff " + xOff + " tail " + tail;
        Bits.same(want, got, what + ": values");
        assertArrayEquals(wantArg, java.util.Arrays.copyOf(arg, outs), what + ": winners");
        checked++;
      }
    }
    assertTrue(checked == 800, "checked " + checked);
  }

  @Test
  void copyRowsCopiesExactlyTheRowsOnBothPaths() {
    KernelSupport panama = Twins.panama();
    SplittableRandom r = new SplittableRandom(20261204);
    for (int k = 0; k < 300; k++) {
      int rows = r.nextInt(6);
      int len = r.nextInt(3 * 16 + 2);
      int srcStride = len + r.nextInt(5);
      int dstStride = len + r.nextInt(5);
      int srcOff = r.nextInt(4);
      int dstOff = r.nextInt(4);
      float[] src = new float[srcOff + rows * srcStride + r.nextInt(3)];
      for (int i = 0; i < src.length; i++) {
        src[i] = (float) r.nextDouble(-1, 1);
      }
      float[] want = new float[dstOff + rows * dstStride + r.nextInt(3)];
      java.util.Arrays.fill(want, -7f);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < len; j++) {
          want[dstOff + i * dstStride + j] = src[srcOff + i * srcStride + j];
        }
      }
      for (KernelSupport impl : new KernelSupport[] {Twins.SCALAR, panama}) {
        float[] dst = new float[want.length];
        java.util.Arrays.fill(dst, -7f);
        impl.copyRows(rows, len, src, srcOff, srcStride, dst, dstOff, dstStride);
        Bits.same(want, dst, impl.name() + " rows " + rows + " len " + len + " strides "
            + srcStride + "/" + dstStride);
      }
    }
  }

  @Test
  void reluAfterMaxPoolFollowsTheRuleOnBothPaths() {
    KernelSupport panama = Twins.panama();
    for (int n : Twins.SIZES) {
      SplittableRandom r = new SplittableRandom(n + 77);
      float[] x = ConvKernelsTest.poolValues(4 * n + 3, r, true);
      int[] arg = new int[n];
      float[] y = new float[n + 2];
      for (int j = 0; j < n; j++) {
        arg[j] = r.nextInt(x.length - 2);
        y[j + 2] = r.nextInt(4) == 0 ? Float.NaN : r.nextInt(4) == 0 ? -0f : x[arg[j] + 1];
      }
      int[] want = new int[n + 1];
      float[] wantY = y.clone();
      for (int j = 0; j < n; j++) {
        float m = y[j + 2];
        boolean pass = Float.isNaN(m) ? x[arg[j] + 1] > 0f : m > 0f;
        want[j + 1] = pass ? arg[j] : -1;
        wantY[j + 2] = Float.isNaN(m) ? m : m > 0f ? m : 0f;
      }
      for (KernelSupport impl : new KernelSupport[] {Twins.SCALAR, panama}) {
        float[] got = y.clone();
        int[] routes = new int[n + 1];
        impl.reluAfterMaxPool(n, got, 2, arg, x, 1, routes, 1);
        assertArrayEquals(want, routes, impl.name() + " n=" + n + ": routes");
        Bits.same(wantY, got, impl.name() + " n=" + n + ": values");
      }
    }
  }
}
