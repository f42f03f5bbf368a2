package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.UpdateKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gradient check can fail: deliberately wrong backward passes are each caught, with a
 * message naming the layer, parameter, index and seed, and every perturbed value restored.
 */
class BrokenBackwardTest {
  static final long SEED = 20240611L;
  static final int BATCH = 7;

  /** ReLU whose backward forgets the mask: dx = dout everywhere. */
  static final class MissingMaskRelu extends Relu {
    MissingMaskRelu(int size) {
      super("MissingMaskRelu", size);
    }

    @Override
    public float[] backward(float[] dout) {
      System.arraycopy(dout, 0, dx, 0, batch * size);
      return dx;
    }
  }

  /** Affine whose dW is doutᵀ·x (out × in) written over the in × out array. */
  static final class TransposedDwAffine extends Affine {
    TransposedDwAffine(int in, int out) {
      super("TransposedDwAffine", new Parameter("W", in, out), new Parameter("b", 1, out));
    }

    @Override
    public float[] backward(float[] dout) {
      float[] dxOut = super.backward(dout);
      Kernels.gemmTransA(out, in, batch, dout, 0, x, 0, w.grad(), 0, false);
      return dxOut;
    }
  }

  /** Affine whose db sums each row of dout instead of each column. */
  static final class RowSumBiasAffine extends Affine {
    RowSumBiasAffine(int in, int out) {
      super("RowSumBiasAffine", new Parameter("W", in, out), new Parameter("b", 1, out));
    }

    @Override
    public float[] backward(float[] dout) {
      float[] dxOut = super.backward(dout);
      float[] db = b.grad();
      for (int j = 0; j < out; j++) {
        int row = j % batch;
        float s = 0;
        for (int c = 0; c < out; c++) {
          s += dout[row * out + c];
        }
        db[j] = s;
      }
      return dxOut;
    }
  }

  /** SoftmaxWithLoss whose backward forgets the 1/batch. */
  static final class MissingBatchScaleLoss extends SoftmaxWithLoss {
    MissingBatchScaleLoss(int classes) {
      super(classes);
    }

    @Override
    public float[] backward(float dout) {
      float[] d = super.backward(dout);
      UpdateKernels.scale(batch * classes, batch, d, 0);
      return d;
    }
  }

  /** Affine that accumulates dW across calls instead of overwriting (a common bug). */
  static final class AccumulatingAffine extends Affine {
    private final float[] sum;

    AccumulatingAffine(int in, int out) {
      super("AccumulatingAffine", new Parameter("W", in, out), new Parameter("b", 1, out));
      sum = new float[in * out];
    }

    @Override
    public float[] backward(float[] dout) {
      float[] dxOut = super.backward(dout);
      UpdateKernels.axpy(sum.length, 1f, w.grad(), 0, sum, 0);
      System.arraycopy(sum, 0, w.grad(), 0, sum.length);
      return dxOut;
    }
  }

  /** Sigmoid with a constant leaking into dx: a zero upstream gradient is not zero. */
  static final class LeakySigmoid extends Sigmoid {
    LeakySigmoid(int size) {
      super("LeakySigmoid", size);
    }

    @Override
    public float[] backward(float[] dout) {
      float[] d = super.backward(dout);
      d[0] += 1e-3f;
      return d;
    }
  }

  static float[] data(int n, long seed, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double u;
      do {
        u = 2 * r.nextDouble() - 1;
      } while (Math.abs(u) < 0.1); // away from the ReLU kink
      v[i] = (float) (scale * u);
    }
    return v;
  }

  static void randomize(Affine a, long seed) {
    a.weight().copyFrom(data(a.weight().size(), seed, 0.5));
    a.bias().copyFrom(data(a.bias().size(), seed + 1, 0.1));
  }

  @Test
  void correctLayersPass() {
    GradientCheck check = GradientCheck.withSeed(SEED);
    Affine a = new Affine(5, 4);
    randomize(a, 1);
    assertDoesNotThrow(() -> check.checkLayer(a, data(BATCH * 5, 2, 1), BATCH));
    assertDoesNotThrow(() -> check.checkLayer(new Relu(6), data(BATCH * 6, 3, 1), BATCH));
    assertDoesNotThrow(() -> check.checkLayer(new Sigmoid(6), data(BATCH * 6, 3, 2), BATCH));
    int[] labels = {0, 1, 2, 3, 0, 1, 2};
    assertDoesNotThrow(
        () -> check.checkLoss(new SoftmaxWithLoss(4), data(BATCH * 4, 4, 2), BATCH, labels));
  }

  @Test
  void missingReluMaskIsCaught() {
    float[] x = data(BATCH * 6, 3, 1);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(new MissingMaskRelu(6), x, BATCH));
    assertEquals(GradientCheckFailure.Kind.MISMATCH, f.kind());
    assertEquals("x", f.parameter());
    int i = f.index();
    assertTrue(x[i] < 0, "the first mismatch is where the mask should have cut: x=" + x[i]);
  }

  @Test
  void transposedDwIsCaught() {
    TransposedDwAffine a = new TransposedDwAffine(5, 3);
    randomize(a, 5);
    float[] before = a.weight().copyOfValue();
    float[] x = data(BATCH * 5, 6, 1);
    float[] xBefore = x.clone();
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(a, x, BATCH));
    assertEquals("W", f.parameter());
    assertEquals(f.index() / 3, f.row());
    assertEquals(f.index() % 3, f.col());
    String m = f.getMessage();
    assertTrue(m.contains("TransposedDwAffine") && m.contains("parameter W")
        && m.contains("index " + f.index()) && m.contains("row " + f.row())
        && m.contains("col " + f.col()) && m.contains("seed " + SEED), m);
    assertEquals(SEED, f.seed());
    // The failure left every value as it was.
    assertArrayEquals(before, a.weight().value());
    assertArrayEquals(xBefore, x);
  }

  @Test
  void transposedDwIsCaughtOnSquareWeights() {
    TransposedDwAffine a = new TransposedDwAffine(4, 4);
    randomize(a, 7);
    assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(a, data(BATCH * 4, 8, 1), BATCH));
  }

  @Test
  void missingOneOverBatchIsCaught() {
    int[] labels = {0, 1, 2, 3, 0, 1, 2};
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED)
            .checkLoss(new MissingBatchScaleLoss(4), data(BATCH * 4, 9, 2), BATCH, labels));
    assertEquals("x", f.parameter());
    assertEquals(BATCH, f.analytic() / f.numeric(), 0.1 * BATCH);
  }

  @Test
  void biasSummedOverTheWrongAxisIsCaught() {
    RowSumBiasAffine a = new RowSumBiasAffine(5, 3);
    randomize(a, 11);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(a, data(BATCH * 5, 12, 1), BATCH));
    assertEquals("b", f.parameter());
  }

  @Test
  void accumulatingGradientFailsTheTwiceCheck() {
    AccumulatingAffine a = new AccumulatingAffine(3, 2);
    randomize(a, 13);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(a, data(BATCH * 3, 14, 1), BATCH));
    assertEquals(GradientCheckFailure.Kind.BACKWARD_NOT_REPEATABLE, f.kind());
  }

  @Test
  void constantLeakFailsTheZeroUpstreamCheck() {
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(new LeakySigmoid(3), data(BATCH * 3, 15, 1),
            BATCH));
    assertEquals(GradientCheckFailure.Kind.ZERO_UPSTREAM_NOT_ZERO, f.kind());
  }

  /** The network-level check catches a broken layer inside a network, too. */
  @Test
  void brokenLayerInsideANetworkIsCaught() {
    Network net = new Network(new int[] {4, 6, 3}, Activation.RELU, WeightInit.he(), 3);
    float[] x = data(BATCH * 4, 16, 1);
    int[] labels = {0, 1, 2, 0, 1, 2, 0};
    GradientPropertyTest.clearKinks(net, x, BATCH);
    GradientCheck check = GradientCheck.withSeed(SEED);
    assertDoesNotThrow(() -> check.checkNetwork(net, x, BATCH, labels));
    // Break b2's gradient by scaling the loss layer's output gradient after the fact.
    float[][] before = net.copyParameters();
    Parameter w1 = net.parameter("W1");
    float saved = w1.value()[0];
    assertEquals(saved, before[0][0]);
    Network broken = new Network(new int[] {4, 6, 3}, Activation.RELU, WeightInit.he(), 3) {
      @Override
      public float gradient(float[] xx, int batch, int[] t) {
        float loss = super.gradient(xx, batch, t);
        UpdateKernels.scale(parameter("b2").size(), 2f, parameter("b2").grad(), 0);
        return loss;
      }
    };
    broken.loadParameters(before);
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> check.checkNetwork(broken, x, BATCH, labels));
    assertEquals("b2", f.parameter());
    assertArrayEquals(before[0], broken.parameter("W1").value());
  }
}
