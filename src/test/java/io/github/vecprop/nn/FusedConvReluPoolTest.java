package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.kernel.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Convolution → ReLU → MaxPooling run as one pass per sample (LayerStack's fusion) gives the bits
 * of the three layers run one by one: logits, loss and every gradient, on one thread and on two,
 * for the book's geometry and for strided, padded, non-square ones with overlapping pooling
 * windows, with a second group whose convolution computes its input gradient. Parameters and
 * inputs are multiples of 1/8 and 1/4, so sums are exact and ties at a window's maximum and
 * outputs of exactly 0 (where the ReLU passes nothing) are common. The unfused reference is the
 * same network with its first ReLU a subclass, which the stack does not fuse.
 */
class FusedConvReluPoolTest {

  @AfterEach
  void oneThread() {
    Kernels.setThreads(1);
  }

  /** {C, H, W, F, KH, KW, stride, pad, pool H, pool W, pool stride, pool pad, batch}. */
  static final int[][] CASES = {
    {1, 28, 28, 30, 5, 5, 1, 0, 2, 2, 2, 0, 100},
    {2, 11, 9, 5, 3, 2, 1, 1, 3, 2, 1, 1, 13},
    {3, 8, 10, 4, 2, 3, 2, 0, 2, 2, 1, 0, 5},
  };

  @Test
  void fusedGroupsGiveTheBitsOfTheLayersOneByOne() {
    for (int threads = 1; threads <= 2; threads++) {
      Kernels.setThreads(threads);
      for (int[] c : CASES) {
        String what = Arrays.toString(c) + ", " + threads + " thread(s)";
        Network fused = build(c, true);
        Network plain = build(c, false);
        float[][] values = quantized(fused, 0xF05EL + c[0]);
        fused.loadParameters(values);
        plain.loadParameters(values);
        int batch = c[12];
        float[] x = quarters(batch * fused.inputSize(), 0xF05FL + c[1]);
        int[] labels = StackFixtures.labels(batch, 10, 0xF060L);

        assertBits(plain.predict(x, batch), fused.predict(x, batch), what + " logits");
        float lossPlain = plain.gradient(x, batch, labels);
        float lossFused = fused.gradient(x, batch, labels);
        assertEquals(Float.floatToRawIntBits(lossPlain), Float.floatToRawIntBits(lossFused),
            what + " loss");
        List<Parameter> pp = plain.parameters();
        List<Parameter> fp = fused.parameters();
        for (int p = 0; p < pp.size(); p++) {
          assertBits(pp.get(p).grad(), fp.get(p).grad(), what + " " + pp.get(p).name());
        }
        int zeros = 0;
        Relu relu = (Relu) plain.layers().get(1);
        for (int i = 0; i < batch * relu.size; i++) {
          zeros += relu.y[i] == 0f ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < batch * relu.size, what + ": the ReLU passed all or none");
        // The fused network's first pooling layer never held its own winners: it ran fused.
        Layer pool = fused.layers().get(2);
        assertThrows(IllegalStateException.class,
            () -> pool.backward(new float[batch * pool.outputSize()]), what);
        plain.layers().get(2).backward(new float[batch * pool.outputSize()]);
      }
    }
  }

  /**
   * The layers alone, with NaNs in the input: windows holding a NaN pool to NaN and pass their
   * winner (the first largest before the NaN) only where its value is &gt; 0. The upstream
   * gradient is finite, so dW, db and dx are NaN only where the input's NaNs reach them.
   */
  @Test
  void withNaNsInTheInputTheFusedLayersGiveTheBitsOfTheThree() {
    for (int[] c : CASES) {
      Network net = build(c, true);
      net.loadParameters(quantized(net, 0xF062L));
      Convolution conv = (Convolution) net.layers().get(0);
      Relu relu = new Relu("Relu", conv.outputSize());
      MaxPooling pool = (MaxPooling) net.layers().get(2);
      conv.setComputeInputGradient(true);
      int batch = Math.min(c[12], 9);
      float[] x = quarters(batch * conv.inputSize(), 0xF063L);
      SplittableRandom r = new SplittableRandom(0xF064L);
      for (int i = 0; i < 3 * batch; i++) {
        x[r.nextInt(x.length)] = Float.NaN;
      }
      float[] dpool = quarters(batch * pool.outputSize(), 0xF065L);
      String what = Arrays.toString(c) + " with NaNs";

      float[] y = pool.forward(relu.forward(conv.forward(x, batch), batch), batch).clone();
      float[] dx = conv.backward(relu.backward(pool.backward(dpool))).clone();
      float[] dw = conv.weight().grad().clone();
      float[] db = conv.bias().grad().clone();
      int nans = 0;
      for (float v : y) {
        nans += Float.isNaN(v) ? 1 : 0;
      }
      assertTrue(nans > 0 && nans < y.length, what + ": " + nans + " NaN outputs");

      assertBits(y, conv.forwardReluPool(x, batch, pool).clone(), what + " output");
      assertBits(dx, conv.backwardReluPool(dpool).clone(), what + " dx");
      assertBits(dw, conv.weight().grad(), what + " dW");
      assertBits(db, conv.bias().grad(), what + " db");
    }
  }

  @Test
  void aForwardFromInsideAGroupRestartsAtItsConvolution() {
    int[] c = CASES[1];
    Network net = build(c, true);
    LayerStack stack = new LayerStack(net.layers().toArray(new Layer[0]));
    int batch = c[12];
    float[] x = quarters(batch * net.inputSize(), 0xF061L);
    float[] whole = stack.forwardFrom(0, x, batch).clone();
    for (int from = 1; from <= 5; from++) {
      assertBits(whole, stack.forwardFrom(from, x, batch).clone(), "forward from " + from);
    }
  }

  /** Conv → ReLU → pool → conv 3×2×2 → ReLU → pool 2×2 stride 1 → Affine 10. */
  private static Network build(int[] c, boolean fusable) {
    NetworkBuilder b = Network.builder(c[0], c[1], c[2]).conv(c[3], c[4], c[5], c[6], c[7]);
    if (fusable) {
      b.relu();
    } else {
      b.add(new Relu("Relu1", currentWidth(c)) {});
    }
    return b.pool(c[8], c[9], c[10], c[11]).conv(3, 2, 2, 1, 0).relu().pool(2, 2, 1, 0)
        .affine(10).build(7);
  }

  /** F × OH × OW of the case's first convolution. */
  private static int currentWidth(int[] c) {
    int oh = (c[1] + 2 * c[7] - c[4]) / c[6] + 1;
    int ow = (c[2] + 2 * c[7] - c[5]) / c[6] + 1;
    return c[3] * oh * ow;
  }

  /** Every parameter's values as multiples of 1/8 in [−1/2, 1/2]. */
  private static float[][] quantized(Network net, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] v = net.copyParameters();
    for (float[] p : v) {
      for (int i = 0; i < p.length; i++) {
        p[i] = (r.nextInt(9) - 4) / 8f;
      }
    }
    return v;
  }

  /** n multiples of 1/4 in [−1, 1]. */
  private static float[] quarters(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (r.nextInt(9) - 4) / 4f;
    }
    return x;
  }

  private static void assertBits(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what + ": length");
    for (int i = 0; i < want.length; i++) {
      if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
        throw new AssertionError(what + "[" + i + "]: one by one " + want[i] + ", fused "
            + got[i]);
      }
    }
    assertArrayEquals(want, got, what);
  }
}
