package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The 2 × 2 max pooling without padding: the Vector implementation and the twin against the
 * stated rule ({@link ConvKernelsTest#referencePool}), values bit for bit and winners exactly,
 * over strides 1–3, planes narrower and wider than a vector (so a row is one vector, several, or
 * ends mid-vector), ties, ±0 and NaNs, offsets, and arrays that end right after the batch (so the
 * last rows take the twin's code inside the Vector implementation) or run on past it.
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
        float[] y = new float[yOff + outs];
        int[] arg = new int[outs];
        impl.maxPool2x2(planes, g, x, xOff, y, yOff, arg);
        float[] got = new float[outs];
        System.arraycopy(y, yOff, got, 0, outs);
        String what = impl.name() + " " + g + " batch " + batch + " xOff " + xOff + " tail " + tail;
        Bits.same(want, got, what + ": values");
        assertArrayEquals(wantArg, arg, what + ": winners");
        checked++;
      }
    }
    assertTrue(checked == 800, "checked " + checked);
  }
}
